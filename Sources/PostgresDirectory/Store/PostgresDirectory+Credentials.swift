import Foundation
import Provisioning

// Design note: undelivered passwords are marked by group, as in SQLiteDirectory: each batch
// transaction gives a customer's password-issuing journal rows one random group number and
// lists the group in `undelivered_groups`; a password is undelivered while its row's group is
// listed. Confirming takes two statements whatever the number of keys: the confirmed rows'
// group is cleared (one `UPDATE … WHERE key = ANY ($3)`), then the groups no row names any
// more are dropped. SQLite remembers per connection which keys each group holds to make
// the usual confirmation one delete; on PostgreSQL one set-based update costs about as much
// and needs no memory across calls (a worker that confirms may not be the one that applied).

extension PostgresDirectory {
    /// The passwords `batchID` issued to the customer's users that were committed with
    /// ``Provisioning/ChangeBatch/deliversCredentials`` and not yet marked delivered, sorted by
    /// journal key, with each user's current name (`nil` when the user was purged).
    public func undeliveredCredentials(customerID: String, batchID: String) throws -> [UndeliveredCredential] {
        let rows = try connection.query("""
            SELECT j.key, j.password_object_id, u.upn, u.display_name
            FROM journal AS j LEFT JOIN users AS u ON u.object_id = j.password_object_id
            WHERE j.customer_id = $1 AND j.batch_id = $2 AND j.password_group IN
                (SELECT group_no FROM undelivered_groups WHERE customer_id = $1 AND batch_id = $2)
            ORDER BY j.key COLLATE "C"
            """, [customerID, batchID])
        return (0..<rows.count).map { row in
            UndeliveredCredential(customerID: customerID, batchID: batchID, journalKey: rows.text(row, 0),
                                  objectID: rows.text(row, 1), userPrincipalName: rows.optionalText(row, 2),
                                  displayName: rows.optionalText(row, 3))
        }
    }

    /// Marks the passwords of these change sets of `batchID` delivered, in one transaction;
    /// entries with no undelivered password are ignored.
    /// - Complexity: two statements per customer named.
    public func markCredentialsDelivered(batchID: String, entries: [JournalEntry]) throws {
        guard !entries.isEmpty else { return }
        var confirmed: [String: [String]] = [:]
        for entry in entries { confirmed[entry.customerID, default: []].append(entry.journalKey) }
        try transaction {
            for (customerID, keys) in confirmed.sorted(by: { $0.key < $1.key }) {
                try connection.query("""
                    UPDATE journal SET password_group = NULL
                    WHERE customer_id = $1 AND batch_id = $2 AND key = ANY ($3::text[]) AND password_group IS NOT NULL
                    """, [customerID, batchID, TextArray(keys)])
                try connection.query("""
                    DELETE FROM undelivered_groups AS g WHERE g.customer_id = $1 AND g.batch_id = $2 AND NOT EXISTS
                        (SELECT 1 FROM journal AS j WHERE j.customer_id = $1 AND j.batch_id = $2 AND j.password_group = g.group_no)
                    """, [customerID, batchID])
            }
        }
    }
}
