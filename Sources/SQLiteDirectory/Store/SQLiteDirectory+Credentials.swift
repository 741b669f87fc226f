import Foundation
import Provisioning

// Design note: undelivered passwords are marked by group (schema version 3). Each batch
// transaction gives a customer's password-issuing journal rows one random group number and
// lists that group in `undelivered_groups`; a password is undelivered while the group its
// journal row names is listed. The executor confirms a group's sheet with the journal keys it
// wrote. When they include every key this connection committed in a listed group (the usual
// case: the group it just applied), confirming deletes that one row; any other key (a
// password of an interrupted run issued again, a partial confirmation) has its row's group
// cleared instead, and groups left without rows are dropped. Marking each row and clearing
// each row again cost a tenth of a new user's time (`docs/benchmarks.md`).

/// A customer's passwords of one batch: the scope of undelivered groups.
struct DeliveryScope: Hashable {
    var customerID: String
    var batchID: String
}

/// The passwords one batch transaction committed for one customer and marked undelivered:
/// the group their journal rows name, and their journal keys.
struct PendingDelivery {
    let group: Int64
    var keys: Set<String> = []
}

extension SQLiteDirectory {
    /// The passwords `batchID` issued to the customer's users that were committed with
    /// ``Provisioning/ChangeBatch/deliversCredentials`` and not yet marked delivered, sorted by
    /// journal key, with each user's current name (`nil` when the user was purged).
    /// - Complexity: O(1) when no group of the batch is undelivered, else one pass over the
    ///   batch's journal rows.
    public func undeliveredCredentials(customerID: String, batchID: String) throws -> [UndeliveredCredential] {
        let open = try connection.scalar(
            "SELECT 1 FROM undelivered_groups WHERE customer_id = ?1 AND batch_id = ?2 LIMIT 1") {
                $0.bind(customerID, at: 1)
                $0.bind(batchID, at: 2)
            }
        guard open != nil else { return [] }
        let statement = try connection.cached("""
            SELECT j.key, j.password_object_id, u.upn, u.display_name
            FROM journal AS j LEFT JOIN users AS u ON u.object_id = j.password_object_id
            WHERE j.customer_id = ?1 AND j.batch_id = ?2 AND j.password_group IN
                (SELECT group_no FROM undelivered_groups WHERE customer_id = ?1 AND batch_id = ?2)
            ORDER BY j.key
            """)
        defer { statement.reset() }
        statement.bind(customerID, at: 1)
        statement.bind(batchID, at: 2)
        var found: [UndeliveredCredential] = []
        while try statement.step() {
            found.append(UndeliveredCredential(
                customerID: customerID, batchID: batchID, journalKey: statement.text(0), objectID: statement.text(1),
                userPrincipalName: statement.isNull(2) ? nil : statement.text(2),
                displayName: statement.isNull(3) ? nil : statement.text(3)))
        }
        return found
    }

    /// Marks the passwords of these change sets of `batchID` delivered, in one transaction
    /// (one commit, synced like every other: a sheet written and then marked survives a kill).
    /// - Complexity: one delete per group whose keys this connection committed and all of
    ///   which are confirmed; one update per other entry (see the design note above).
    public func markCredentialsDelivered(batchID: String, entries: [JournalEntry]) throws {
        guard !entries.isEmpty else { return }
        var confirmed: [String: Set<String>] = [:]
        for entry in entries { confirmed[entry.customerID, default: []].insert(entry.journalKey) }
        var remaining: [DeliveryScope: [PendingDelivery]] = [:]
        try connection.transaction {
            for (customerID, keys) in confirmed {
                let scope = DeliveryScope(customerID: customerID, batchID: batchID)
                var rest = keys
                var kept: [PendingDelivery] = []
                for delivery in pendingDeliveries[scope] ?? [] {
                    guard delivery.keys.isSubset(of: rest) else { kept.append(delivery); continue }
                    try deleteUndeliveredGroup(scope, group: delivery.group)
                    rest.subtract(delivery.keys)
                }
                remaining[scope] = kept
                guard !rest.isEmpty else { continue }
                for key in rest.sorted() { try clearUndelivered(scope, key: key) }
                try dropEmptyUndeliveredGroups(scope)
            }
        }
        for (scope, kept) in remaining { pendingDeliveries[scope] = kept.isEmpty ? nil : kept }
    }

    private func deleteUndeliveredGroup(_ scope: DeliveryScope, group: Int64) throws {
        try connection.run("DELETE FROM undelivered_groups WHERE customer_id = ?1 AND batch_id = ?2 AND group_no = ?3") {
            $0.bind(scope.customerID, at: 1)
            $0.bind(scope.batchID, at: 2)
            $0.bind(group, at: 3)
        }
    }

    /// Takes one journal row out of its group: its password is delivered whatever the group's fate.
    private func clearUndelivered(_ scope: DeliveryScope, key: String) throws {
        let statement = try connection.cached(
            "UPDATE journal SET password_group = NULL WHERE customer_id = ?1 AND batch_id = ?2 AND key = ?3")
        statement.bind(scope.customerID, at: 1)
        statement.bind(scope.batchID, at: 2)
        statement.bind(key, at: 3)
        try statement.run()
    }

    /// Drops the scope's groups that no journal row names any more.
    /// - Complexity: one pass over the batch's journal rows per listed group.
    private func dropEmptyUndeliveredGroups(_ scope: DeliveryScope) throws {
        try connection.run("""
            DELETE FROM undelivered_groups WHERE customer_id = ?1 AND batch_id = ?2 AND NOT EXISTS
                (SELECT 1 FROM journal AS j
                 WHERE j.customer_id = ?1 AND j.batch_id = ?2 AND j.password_group = undelivered_groups.group_no)
            """) {
                $0.bind(scope.customerID, at: 1)
                $0.bind(scope.batchID, at: 2)
            }
    }
}
