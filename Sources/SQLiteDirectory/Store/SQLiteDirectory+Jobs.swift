import Foundation
import Provisioning

extension SQLiteDirectory {
    /// Takes the customer's job lock: an OS advisory lock (`flock`) on
    /// `<store>.locks/<customer>.lock`, released by ``DirectoryLock/release()`` or when the
    /// process ends, however it ends.
    /// - Parameters:
    ///   - holder: who takes it, written into the lock file, e.g. `pid 1234 on host, batch 9f1c…`.
    ///   - wait: seconds to keep trying (every 50 ms) while another job holds it; 0 fails at once.
    /// - Throws: ``LockBusy`` naming the holder.
    public func lock(customerID: String, holder: String, wait: TimeInterval) throws -> DirectoryLock {
        try requireCustomer(customerID)
        return try CustomerLock.acquire(storePath: path, customerID: customerID, holder: holder, wait: wait)
    }

    /// The journal key that marks a finished batch (no change set's key starts with `#`).
    static let finishedBatchKey = "#finished"

    /// The journal keys already applied under `batchID` for the customer (the finished mark
    /// of ``finishBatch(customerIDs:batchID:now:)`` left out).
    public func journaledKeys(customerID: String, batchID: String) throws -> Set<String> {
        let statement = try connection.cached("SELECT key FROM journal WHERE customer_id = ?1 AND batch_id = ?2 AND key <> ?3")
        defer { statement.reset() }
        statement.bind(customerID, at: 1)
        statement.bind(batchID, at: 2)
        statement.bind(Self.finishedBatchKey, at: 3)
        var keys = Set<String>()
        while try statement.step() { keys.insert(statement.text(0)) }
        return keys
    }

    /// Records that the run of `batchID` ended for these customers: one journal row per
    /// customer under the key `#finished`, in one transaction. The change counter does not
    /// move (nothing in the directory changed). Purged with the batch's other journal rows.
    public func finishBatch(customerIDs: [String], batchID: String, now: Date) throws {
        try connection.transaction {
            for customerID in customerIDs {
                try connection.run("""
                    INSERT OR IGNORE INTO journal (customer_id, batch_id, key, applied_at) VALUES (?1, ?2, ?3, ?4)
                    """) {
                    $0.bind(customerID, at: 1)
                    $0.bind(batchID, at: 2)
                    $0.bind(Self.finishedBatchKey, at: 3)
                    $0.bind(now.timeIntervalSince1970, at: 4)
                }
            }
        }
    }

    /// Whether ``finishBatch(customerIDs:batchID:now:)`` recorded the batch for the customer.
    public func isBatchFinished(customerID: String, batchID: String) throws -> Bool {
        try connection.scalar("SELECT 1 FROM journal WHERE customer_id = ?1 AND batch_id = ?2 AND key = ?3") {
            $0.bind(customerID, at: 1)
            $0.bind(batchID, at: 2)
            $0.bind(Self.finishedBatchKey, at: 3)
        } != nil
    }

    /// Removes for good the customer's users deleted before `cutoff`, with their assignments,
    /// in one transaction; writes one `purge` audit entry per user and drops journal entries
    /// older than `cutoff` (a job is resumed within hours, not a month later).
    /// - Returns: how many users were purged.
    /// The permission check is the caller's (``Provisioning/PurgePolicy``); `role` is logged.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``.
    public func purge(customerID: String, deletedBefore cutoff: Date, role: OperatorRole, operatorName: String,
                      batchID: String, now: Date) throws -> Int {
        try requireCustomer(customerID)
        let at = ChangeApplier.timestamp(now)
        return try connection.transaction {
            let doomed = try purgeable(customerID: customerID, deletedBefore: cutoff)
            for (rowID, user) in doomed {
                try connection.run("DELETE FROM users WHERE id = ?1") { $0.bind(rowID, at: 1) }
                var detail = AuditDetail()
                detail.add("deletedAt", ChangeApplier.timestamp(user.deletedAt))
                try insertAudit(at: at, batchID: batchID, operatorName: operatorName, role: role, customerID: customerID,
                                user: (user.objectID, user.userPrincipalName), action: "purge", detail: detail)
            }
            try connection.run("DELETE FROM journal WHERE customer_id = ?1 AND applied_at < ?2") {
                $0.bind(customerID, at: 1)
                $0.bind(cutoff.timeIntervalSince1970, at: 2)
            }
            // Undelivered groups go with the last journal row that named them.
            try connection.run("""
                DELETE FROM undelivered_groups WHERE customer_id = ?1 AND NOT EXISTS
                    (SELECT 1 FROM journal AS j WHERE j.customer_id = ?1 AND j.batch_id = undelivered_groups.batch_id
                     AND j.password_group = undelivered_groups.group_no)
                """) { $0.bind(customerID, at: 1) }
            // Only deleted users go: no active user's assignments change.
            if !doomed.isEmpty { try bumpChangeCounter(customerID, keepingTallies: true) }
            return doomed.count
        }
    }

    /// The customer's users that ``purge(customerID:deletedBefore:role:operatorName:batchID:now:)``
    /// would remove now (deleted before `cutoff`), by user name; writes nothing.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``.
    public func purgeCandidates(customerID: String, deletedBefore cutoff: Date) throws -> [PurgeCandidate] {
        try requireCustomer(customerID)
        return try purgeable(customerID: customerID, deletedBefore: cutoff).map(\.user)
    }

    /// The one statement of who is purged: deleted before `cutoff`, with their row ids.
    private func purgeable(customerID: String, deletedBefore cutoff: Date) throws -> [(rowID: Int64, user: PurgeCandidate)] {
        var found: [(rowID: Int64, user: PurgeCandidate)] = []
        let select = try connection.cached("""
            SELECT id, object_id, upn, deleted_at FROM users
            WHERE customer_id = ?1 AND deleted_at IS NOT NULL AND deleted_at < ?2 ORDER BY upn, id
            """)
        defer { select.reset() }
        select.bind(customerID, at: 1)
        select.bind(cutoff.timeIntervalSince1970, at: 2)
        while try select.step() {
            found.append((select.int64(0), PurgeCandidate(objectID: select.text(1), userPrincipalName: select.text(2),
                                                           deletedAt: Date(timeIntervalSince1970: select.double(3)))))
        }
        return found
    }

    /// Adds one to the customer's change counter (inside the caller's transaction).
    /// - Parameter keepingTallies: the change cannot alter an active user's assignments, so
    ///   stored seat tallies current before it are current after it too.
    func bumpChangeCounter(_ customerID: String, keepingTallies: Bool = false) throws {
        try connection.run("""
            UPDATE customers SET change_counter = change_counter + 1,
                tallied_at = CASE WHEN ?2 AND tallied_at = change_counter THEN change_counter + 1 ELSE tallied_at END
            WHERE id = ?1
            """) {
            $0.bind(customerID, at: 1)
            $0.bind(keepingTallies, at: 2)
        }
    }
}
