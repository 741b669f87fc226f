/// What the Audit page shows: one page of a customer's audit log, newest first, filtered by
/// operator and batch. The server fills it from its store's audit query (the log lives in
/// the store, and the portal knows no storage type); ``filters(_:)`` reads the GET form.
public struct AuditPageModel: Sendable, Hashable {
    /// One entry.
    public struct Row: Sendable, Hashable {
        /// When (ISO 8601, UTC).
        public var at: String
        /// The batch.
        public var batchID: String
        /// Who.
        public var operatorName: String
        /// As which role.
        public var role: String
        /// What (`create`, `assign`, …).
        public var action: String
        /// To whom.
        public var userPrincipalName: String?
        /// The details (JSON text; never a password).
        public var detail: String

        /// Creates a row.
        public init(at: String, batchID: String, operatorName: String, role: String, action: String,
                    userPrincipalName: String?, detail: String) {
            self.at = at
            self.batchID = batchID
            self.operatorName = operatorName
            self.role = role
            self.action = action
            self.userPrincipalName = userPrincipalName
            self.detail = detail
        }
    }

    /// The operator filter as typed (`nil`: everyone).
    public var operatorName: String?
    /// The batch filter as typed (`nil`: every batch).
    public var batchID: String?
    /// The entries of this page.
    public var rows: [Row]
    /// The pager.
    public var paging: Paging

    /// Creates the model.
    public init(operatorName: String?, batchID: String?, rows: [Row], paging: Paging) {
        self.operatorName = operatorName
        self.batchID = batchID
        self.rows = rows
        self.paging = paging
    }

    /// Entries per page.
    public static let pageSize = 50

    /// The filters and page the GET form asks for (`operator`, `batch`, `page`), bounded.
    public static func filters(_ form: FormData) -> (operatorName: String?, batchID: String?, page: Int) {
        (form.value("operator").map { String($0.prefix(256)) }, form.value("batch").map { String($0.prefix(128)) },
         Paging.requestedPage(form.value("page")))
    }
}
