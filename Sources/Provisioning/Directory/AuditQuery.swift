/// Which audit-log entries to read, and in which order: ``DirectoryInspection/auditEntries(_:)``.
public struct AuditQuery: Sendable, Hashable {
    /// The customer (required: the log is read one customer at a time).
    public var customerID: String
    /// Only this batch (job) id.
    public var batchID: String?
    /// Only this operator's entries (exact, case-sensitive, as written).
    public var operatorName: String?
    /// Only entries at or after this ISO 8601 UTC time. Entries are stored as
    /// `2026-11-21T09:00:00.000Z`, so a `…Z` bound compares as text.
    public var since: String?
    /// Newest first (the default) or oldest first.
    public var newestFirst: Bool
    /// 1-based page number.
    public var page: Int
    /// Entries per page.
    public var pageSize: Int

    /// Creates a query.
    public init(customerID: String, batchID: String? = nil, operatorName: String? = nil, since: String? = nil,
                newestFirst: Bool = true, page: Int = 1, pageSize: Int = 50) {
        self.customerID = customerID
        self.batchID = batchID
        self.operatorName = operatorName
        self.since = since
        self.newestFirst = newestFirst
        self.page = page
        self.pageSize = pageSize
    }
}

/// One page of audit entries with the number matching on all pages.
public struct AuditPage: Sendable, Hashable {
    /// The entries of this page, in the query's order.
    public var entries: [AuditEntry]
    /// Entries matching the filters, on all pages.
    public var total: Int
    /// The page number.
    public var page: Int
    /// Entries per page.
    public var pageSize: Int

    /// Creates a page.
    public init(entries: [AuditEntry], total: Int, page: Int, pageSize: Int) {
        self.entries = entries
        self.total = total
        self.page = page
        self.pageSize = pageSize
    }

    /// Pages in all (at least 1).
    public var pageCount: Int { max(1, (total + pageSize - 1) / max(1, pageSize)) }
}
