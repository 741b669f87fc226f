import Foundation
import Provisioning

extension PostgresDirectory {
    /// Takes the customer's job lock: a session advisory lock (`pg_try_advisory_lock`) on a
    /// key of the schema and the customer id, held by a session of its own, so it belongs to
    /// no transaction and is released by ``DirectoryLock/release()`` or when that session ends,
    /// however it ends (a killed worker's session is closed by the server).
    /// - Parameters:
    ///   - holder: who takes it, e.g. `pid 1234 on host, batch 9f1c…`; written to
    ///     `lock_holders` so that a refused job can name it.
    ///   - wait: seconds to keep trying (every 50 ms) while another session holds it; 0 fails at once.
    /// - Throws: ``LockBusy`` naming the holder.
    public func lock(customerID: String, holder: String, wait: TimeInterval) throws -> DirectoryLock {
        try requireCustomer(customerID)
        return try AdvisoryLock.acquire(conninfo: conninfo, customerID: customerID, holder: holder, wait: wait)
    }

    /// The journal key that marks a finished batch (no change set's key starts with `#`).
    static let finishedBatchKey = "#finished"

    /// The journal keys already applied under `batchID` for the customer (the finished mark left out).
    public func journaledKeys(customerID: String, batchID: String) throws -> Set<String> {
        let rows = try connection.query("SELECT key FROM journal WHERE customer_id = $1 AND batch_id = $2 AND key <> $3",
                                        [customerID, batchID, Self.finishedBatchKey])
        return Set((0..<rows.count).map { rows.text($0, 0) })
    }

    /// Records that the run of `batchID` ended for these customers: one journal row per
    /// customer under the key `#finished`, in one transaction. The change counter does not move.
    public func finishBatch(customerIDs: [String], batchID: String, now: Date) throws {
        try transaction {
            try connection.query("""
                INSERT INTO journal (customer_id, batch_id, key, applied_at)
                SELECT c, $2, $3, $4 FROM unnest($1::text[]) AS c ON CONFLICT DO NOTHING
                """, [TextArray(customerIDs), batchID, Self.finishedBatchKey, now.timeIntervalSince1970])
        }
    }

    /// Whether ``finishBatch(customerIDs:batchID:now:)`` recorded the batch for the customer.
    public func isBatchFinished(customerID: String, batchID: String) throws -> Bool {
        try connection.query("SELECT 1 FROM journal WHERE customer_id = $1 AND batch_id = $2 AND key = $3",
                             [customerID, batchID, Self.finishedBatchKey]).count > 0
    }

    /// Removes for good the customer's users deleted before `cutoff`, with their assignments,
    /// in one transaction; writes one `purge` audit entry per user and drops journal entries
    /// older than `cutoff`. The permission check is the caller's (``Provisioning/PurgePolicy``).
    /// - Returns: how many users were purged.
    /// - Throws: ``StoreError/unknownCustomer(_:)``.
    public func purge(customerID: String, deletedBefore cutoff: Date, role: OperatorRole, operatorName: String,
                      batchID: String, now: Date) throws -> Int {
        try requireCustomer(customerID)
        let at = AuditDetail.timestamp(now)
        return try transaction {
            let doomed = try connection.query("""
                WITH doomed AS (
                    DELETE FROM users WHERE customer_id = $1 AND deleted_at IS NOT NULL AND deleted_at < $2
                    RETURNING id, object_id, upn, deleted_at
                ), assignments AS (DELETE FROM assignments WHERE user_id IN (SELECT id FROM doomed))
                SELECT object_id, upn, deleted_at FROM doomed
                """, [customerID, cutoff.timeIntervalSince1970])
            let users = (0..<doomed.count).map { (objectID: doomed.text($0, 0), upn: doomed.text($0, 1), deletedAt: doomed.double($0, 2)) }
                .sorted { ($0.upn.lowercased(), $0.objectID) < ($1.upn.lowercased(), $1.objectID) }
            for user in users {
                var detail = AuditDetail()
                detail.add("deletedAt", AuditDetail.timestamp(Date(timeIntervalSince1970: user.deletedAt)))
                try insertAudit(at: at, batchID: batchID, operatorName: operatorName, role: role, customerID: customerID,
                                user: (user.objectID, user.upn), action: "purge", detail: detail)
            }
            try connection.query("DELETE FROM journal WHERE customer_id = $1 AND applied_at < $2",
                                 [customerID, cutoff.timeIntervalSince1970])
            try connection.query("""
                DELETE FROM undelivered_groups AS g WHERE g.customer_id = $1 AND NOT EXISTS
                    (SELECT 1 FROM journal AS j WHERE j.customer_id = $1 AND j.batch_id = g.batch_id AND j.password_group = g.group_no)
                """, [customerID])
            if !users.isEmpty { try bumpChangeCounter(customerID) }
            return users.count
        }
    }

    /// Inserts one row of `audit_log` (inside the caller's transaction).
    func insertAudit(at: String, batchID: String, operatorName: String, role: OperatorRole, customerID: String,
                     user: (objectID: String, userPrincipalName: String)?, action: String, detail: AuditDetail) throws {
        try connection.query("""
            INSERT INTO audit_log (at, batch_id, operator, role, customer_id, object_id, upn, action, detail)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, [at, batchID, operatorName, role.rawValue, customerID, user?.objectID, user?.userPrincipalName, action, detail.json])
    }
}
