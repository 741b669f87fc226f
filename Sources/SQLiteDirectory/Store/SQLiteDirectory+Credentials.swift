import Foundation
import Provisioning

extension SQLiteDirectory {
    /// The passwords `batchID` issued to the customer's users that were committed with
    /// ``Provisioning/ChangeBatch/deliversCredentials`` and not yet marked delivered, sorted by
    /// journal key, with each user's current name (`nil` when the user was purged).
    public func undeliveredCredentials(customerID: String, batchID: String) throws -> [UndeliveredCredential] {
        let statement = try connection.cached("""
            SELECT j.key, j.undelivered_object_id, u.upn, u.display_name
            FROM journal AS j LEFT JOIN users AS u ON u.object_id = j.undelivered_object_id
            WHERE j.customer_id = ?1 AND j.batch_id = ?2 AND j.undelivered_object_id IS NOT NULL ORDER BY j.key
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

    /// Clears the undelivered marks of these change sets of `batchID`, in one transaction
    /// (one commit, synced like every other: a sheet written and then marked survives a kill).
    /// - Complexity: O(entries), one primary-key update each.
    public func markCredentialsDelivered(batchID: String, entries: [JournalEntry]) throws {
        guard !entries.isEmpty else { return }
        try connection.transaction {
            let statement = try connection.cached(
                "UPDATE journal SET undelivered_object_id = NULL WHERE customer_id = ?1 AND batch_id = ?2 AND key = ?3")
            for entry in entries {
                statement.bind(entry.customerID, at: 1)
                statement.bind(batchID, at: 2)
                statement.bind(entry.journalKey, at: 3)
                try statement.run()
            }
        }
    }
}
