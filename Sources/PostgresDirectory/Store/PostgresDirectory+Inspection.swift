import Foundation
import PasswordHashing
import Provisioning

extension PostgresDirectory {
    /// One page of a customer's audit log, filtered by batch, operator and time; newest or
    /// oldest first (by entry id, the order of writing). Every filter is a bound parameter
    /// (`NULL` matches everything), so only the direction changes the SQL text.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``.
    public func auditEntries(_ query: AuditQuery) throws -> AuditPage {
        try requireCustomer(query.customerID)
        let filter = """
            FROM audit_log WHERE customer_id = $1 AND ($2::text IS NULL OR batch_id = $2)
                AND ($3::text IS NULL OR operator = $3) AND ($4::text IS NULL OR at >= $4)
            """
        let values: [any PostgresBindable] = [query.customerID, query.batchID, query.operatorName, query.since]
        let total = try connection.query("SELECT count(*) \(filter)", values).int(0, 0)
        let size = max(1, query.pageSize)
        let (offset, overflow) = (max(1, query.page) - 1).multipliedReportingOverflow(by: size)
        let rows = try connection.query("""
            SELECT id, at, batch_id, operator, role, customer_id, object_id, upn, action, detail \(filter)
            ORDER BY id \(query.newestFirst ? "DESC" : "ASC") LIMIT $5 OFFSET $6
            """, values + [size, overflow ? Int.max : offset])
        let entries = (0..<rows.count).map { row in
            AuditEntry(id: rows.int64(row, 0), at: rows.text(row, 1), batchID: rows.text(row, 2), operatorName: rows.text(row, 3),
                       role: rows.text(row, 4), customerID: rows.text(row, 5), objectID: rows.optionalText(row, 6),
                       userPrincipalName: rows.optionalText(row, 7), action: rows.text(row, 8), detail: rows.text(row, 9))
        }
        return AuditPage(entries: entries, total: total, page: max(1, query.page), pageSize: size)
    }

    /// The audit log, oldest first: every entry, or those of one customer and/or batch.
    public func auditLog(customerID: String? = nil, batchID: String? = nil) throws -> [AuditEntry] {
        let rows = try connection.query("""
            SELECT id, at, batch_id, operator, role, customer_id, object_id, upn, action, detail FROM audit_log
            WHERE ($1::text IS NULL OR customer_id = $1) AND ($2::text IS NULL OR batch_id = $2) ORDER BY id
            """, [customerID, batchID])
        return (0..<rows.count).map { row in
            AuditEntry(id: rows.int64(row, 0), at: rows.text(row, 1), batchID: rows.text(row, 2), operatorName: rows.text(row, 3),
                       role: rows.text(row, 4), customerID: rows.text(row, 5), objectID: rows.optionalText(row, 6),
                       userPrincipalName: rows.optionalText(row, 7), action: rows.text(row, 8), detail: rows.text(row, 9))
        }
    }

    /// Active and deleted (not yet purged) users of a customer.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``.
    public func userCounts(customerID: String) throws -> (active: Int, deleted: Int) {
        try requireCustomer(customerID)
        let rows = try connection.query("""
            SELECT count(*) FILTER (WHERE deleted_at IS NULL), count(*) FILTER (WHERE deleted_at IS NOT NULL)
            FROM users WHERE customer_id = $1
            """, [customerID])
        return (rows.int(0, 0), rows.int(0, 1))
    }

    /// Every user matching `query`'s filter, in its sort order, one at a time: read through a
    /// cursor 1,000 rows at a time inside one `REPEATABLE READ` read-only transaction, so
    /// memory stays flat and `total` is the number of users `body` gets.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``, or what `total` or `body` throw.
    public func forEachUser(customerID: String, query: UserQuery, total: (Int) throws -> Void,
                            _ body: (User) throws -> Void) throws {
        try requireCustomer(customerID)
        let (condition, order, value) = Self.selection(query)
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            try total(try connection.query("SELECT count(*) FROM users AS u WHERE \(condition)", [customerID, value]).int(0, 0))
            try connection.query("""
                DECLARE every_user NO SCROLL CURSOR FOR
                SELECT \(UserColumns.list) FROM users AS u WHERE \(condition) ORDER BY \(order)
                """, [customerID, value])
            while true {
                let rows = try connection.query("FETCH 1000 FROM every_user")
                guard rows.count > 0 else { break }
                for user in try withLicenses(rows) { try body(user) }
            }
            try connection.execute("COMMIT")
        } catch {
            if !connection.isBroken { try? connection.execute("ROLLBACK") }
            throw error
        }
    }

    /// The customer's users that purge would remove now (deleted before `cutoff`), by user
    /// name; writes nothing.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``.
    public func purgeCandidates(customerID: String, deletedBefore cutoff: Date) throws -> [PurgeCandidate] {
        try requireCustomer(customerID)
        let rows = try connection.query("""
            SELECT object_id, upn, deleted_at FROM users
            WHERE customer_id = $1 AND deleted_at IS NOT NULL AND deleted_at < $2 ORDER BY lower(upn) COLLATE "C", id
            """, [customerID, cutoff.timeIntervalSince1970])
        return (0..<rows.count).map {
            PurgeCandidate(objectID: rows.text($0, 0), userPrincipalName: rows.text($0, 1),
                           deletedAt: Date(timeIntervalSince1970: rows.double($0, 2)))
        }
    }

    /// Whether `password` is the user's current temporary password; compares salted hashes
    /// in constant time.
    /// - Returns: `false` for an unknown user or one without a password.
    public func verifyPassword(objectID: String, password: String) throws -> Bool {
        let rows = try connection.query("SELECT password_scheme, password_salt, password_hash FROM users WHERE object_id = $1",
                                        [objectID.lowercased()])
        guard rows.count == 1, !rows.isNull(0, 0), rows.int64(0, 0) == PasswordHasher.scheme else { return false }
        return try PasswordHasher.verify(TemporaryPasswordText(password), salt: rows.bytes(0, 1), hash: rows.bytes(0, 2))
    }
}
