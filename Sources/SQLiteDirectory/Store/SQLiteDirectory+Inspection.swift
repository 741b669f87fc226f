import Foundation
import PasswordHashing
import Provisioning

extension SQLiteDirectory {
    /// Active and deleted (not yet purged) users of a customer.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``.
    public func userCounts(customerID: String) throws -> (active: Int, deleted: Int) {
        try requireCustomer(customerID)
        let statement = try connection.cached("""
            SELECT count(*) FILTER (WHERE deleted_at IS NULL), count(*) FILTER (WHERE deleted_at IS NOT NULL)
            FROM users WHERE customer_id = ?1
            """)
        defer { statement.reset() }
        statement.bind(customerID, at: 1)
        guard try statement.step() else { return (0, 0) }
        return (statement.int(0), statement.int(1))
    }

    /// Whether `password` is the user's current temporary password (for tests and sign-in
    /// checks); compares salted hashes in constant time.
    /// - Returns: `false` for an unknown user or one without a password.
    public func verifyPassword(objectID: String, password: String) throws -> Bool {
        let statement = try connection.cached(
            "SELECT password_scheme, password_salt, password_hash FROM users WHERE object_id = ?1")
        defer { statement.reset() }
        statement.bind(objectID.lowercased(), at: 1)
        guard try statement.step(), statement.int64(0) == PasswordHasher.scheme else { return false }
        return try PasswordHasher.verify(TemporaryPasswordText(password), salt: statement.blob(1), hash: statement.blob(2))
    }

    /// The audit log, oldest first: every entry, or those of one customer and/or batch.
    public func auditLog(customerID: String? = nil, batchID: String? = nil) throws -> [AuditEntry] {
        let statement = try connection.cached("""
            SELECT id, at, batch_id, operator, role, customer_id, object_id, upn, action, detail FROM audit_log
            WHERE (?1 IS NULL OR customer_id = ?1) AND (?2 IS NULL OR batch_id = ?2) ORDER BY id
            """)
        defer { statement.reset() }
        statement.bind(customerID, at: 1)
        statement.bind(batchID, at: 2)
        var entries: [AuditEntry] = []
        while try statement.step() {
            entries.append(AuditEntry(id: statement.int64(0), at: statement.text(1), batchID: statement.text(2),
                                      operatorName: statement.text(3), role: statement.text(4),
                                      customerID: statement.text(5), objectID: statement.optionalText(6),
                                      userPrincipalName: statement.optionalText(7), action: statement.text(8),
                                      detail: statement.text(9)))
        }
        return entries
    }

    /// Runs `PRAGMA integrity_check` and the foreign-key check, and compares the stored seat
    /// tallies with a count of the assignments.
    /// - Returns: the problems found; empty when the store is sound.
    public func integrityProblems() throws -> [String] {
        var problems: [String] = []
        let check = try connection.cached("PRAGMA integrity_check")
        defer { check.reset() }
        while try check.step() {
            let line = check.text(0)
            if line != "ok" { problems.append(line) }
        }
        let foreign = try connection.cached("PRAGMA foreign_key_check")
        defer { foreign.reset() }
        while try foreign.step() {
            problems.append("foreign key: row \(foreign.int64(1)) of \(foreign.text(0)) points to a missing \(foreign.text(2))")
        }
        return problems + (try tallyProblems())
    }
}
