import Foundation
@testable import PostgresDirectory
import Provisioning
import Testing

/// Purge on PostgreSQL: assignments have no foreign key (docs/store.md), so purge deletes a
/// purged user's assignments itself.
@Suite(.enabled(if: TestDatabase.enabled, TestDatabase.skipReason))
struct PurgeTests {
    @Test func purgeLeavesNoAssignmentBehind() throws {
        try TestDatabase.withSchema { conninfo in
            let store = try PostgresFixture.store(conninfo)
            let amy = Make.user("amy", id: 1, licenses: ["SPE_E3", "EXCHANGESTANDARD"]), bob = Make.user("bob", id: 2, licenses: ["SPE_E3"])
            _ = try store.apply(Make.batch([try Make.create(amy), try Make.create(bob)]))
            _ = try store.apply(Make.batch([Make.set(amy, [.delete], key: "delete")]))
            let purged = try store.purge(customerID: "contoso", deletedBefore: Make.now.addingTimeInterval(1), role: .adminAgent,
                                         operatorName: "tests", batchID: "purge", now: Make.now.addingTimeInterval(2))
            #expect(purged == 1)
            #expect(try store.connection.query("SELECT count(*) FROM assignments WHERE user_id NOT IN (SELECT id FROM users)").int(0, 0) == 0)
            #expect(try store.connection.query("SELECT count(*) FROM assignments").int(0, 0) == 1)
            #expect(try store.integrityProblems().isEmpty)
        }
    }
}
