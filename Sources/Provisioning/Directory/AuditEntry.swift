/// One entry of the audit log: who did what to which user, when, in which batch.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// The entry's sequence number.
    public var id: Int64
    /// When, as ISO 8601 in UTC (the batch's injected "now").
    public var at: String
    /// The batch (job) id.
    public var batchID: String
    /// The operator's name.
    public var operatorName: String
    /// The operator's role.
    public var role: String
    /// The customer.
    public var customerID: String
    /// The user's object id.
    public var objectID: String?
    /// The user's sign-in name at the time.
    public var userPrincipalName: String?
    /// `create`, `update`, `assign`, `revoke`, `delete`, `restore`, `reset-password`, `purge`, or `seats-set`
    /// (a Graph import of seats).
    public var action: String
    /// A JSON object with the change's details; never a password.
    public var detail: String

    /// Creates an entry.
    public init(id: Int64, at: String, batchID: String, operatorName: String, role: String, customerID: String,
                objectID: String?, userPrincipalName: String?, action: String, detail: String) {
        self.id = id
        self.at = at
        self.batchID = batchID
        self.operatorName = operatorName
        self.role = role
        self.customerID = customerID
        self.objectID = objectID
        self.userPrincipalName = userPrincipalName
        self.action = action
        self.detail = detail
    }
}
