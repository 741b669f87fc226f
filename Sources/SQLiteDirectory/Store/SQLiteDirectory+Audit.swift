import Provisioning

extension SQLiteDirectory {
    /// One page of a customer's audit log, filtered by batch, operator and time; newest or
    /// oldest first (by entry id, which follows the order of writing).
    ///
    /// Every filter is a bound parameter; an absent one is `NULL` and matches everything, so the
    /// SQL text is the same for every query but for the direction of the sort.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``.
    public func auditEntries(_ query: AuditQuery) throws -> AuditPage {
        try requireCustomer(query.customerID)
        let filter = """
            FROM audit_log WHERE customer_id = ?1 AND (?2 IS NULL OR batch_id = ?2)
                AND (?3 IS NULL OR operator = ?3) AND (?4 IS NULL OR at >= ?4)
            """
        func bindFilter(_ statement: Statement) {
            statement.bind(query.customerID, at: 1)
            statement.bind(query.batchID, at: 2)
            statement.bind(query.operatorName, at: 3)
            statement.bind(query.since, at: 4)
        }
        let total = Int(try connection.scalar("SELECT count(*) \(filter)", bindFilter) ?? 0)
        let order = query.newestFirst ? "DESC" : "ASC"
        let statement = try connection.cached("""
            SELECT id, at, batch_id, operator, role, customer_id, object_id, upn, action, detail \(filter)
            ORDER BY id \(order) LIMIT ?5 OFFSET ?6
            """)
        defer { statement.reset() }
        bindFilter(statement)
        let size = max(1, query.pageSize)
        statement.bind(size, at: 5)
        statement.bind(Self.offset(page: query.page, size: size), at: 6)
        var entries: [AuditEntry] = []
        while try statement.step() {
            entries.append(AuditEntry(id: statement.int64(0), at: statement.text(1), batchID: statement.text(2),
                                      operatorName: statement.text(3), role: statement.text(4),
                                      customerID: statement.text(5), objectID: statement.optionalText(6),
                                      userPrincipalName: statement.optionalText(7), action: statement.text(8),
                                      detail: statement.text(9)))
        }
        return AuditPage(entries: entries, total: total, page: max(1, query.page), pageSize: size)
    }
}
