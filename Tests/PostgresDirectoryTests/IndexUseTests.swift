import Foundation
@testable import PostgresDirectory
import Provisioning
import Testing

/// The statements a large job runs once per chunk of rows must be index probes: a sequential
/// scan there makes a job quadratic in the size of the store (the name look-up once scanned
/// every user for each chunk: a million-user apply stalled at a third). With sequential scans
/// disabled the planner still picks one when no index fits, so the plan shows it.
@Suite(.enabled(if: TestDatabase.enabled, TestDatabase.skipReason))
struct IndexUseTests {
    @Test func theNameLookUpOfActiveAndDeletedUsersIsAnIndexProbe() throws {
        try TestDatabase.withSchema { conninfo in
            let store = try PostgresFixture.store(conninfo)
            let amy = Make.user("amy", id: 1), bob = Make.user("bob", id: 2)
            _ = try store.apply(Make.batch([try Make.create(amy), try Make.create(bob)]))
            _ = try store.apply(Make.batch([Make.set(bob, [.delete], key: "delete")]))
            #expect(try store.users(customerID: "contoso", principalNames: [amy.userPrincipalName, bob.userPrincipalName])
                .map(\.objectID) == [amy.objectID, bob.objectID])

            try store.connection.execute("SET enable_seqscan = off")
            try store.connection.execute("PREPARE name_lookup AS " + PostgresDirectory.usersByNameSQL)
            let plan = try store.connection.query("EXPLAIN EXECUTE name_lookup('contoso', ARRAY['amy@contoso.com'])")
            let lines = (0..<plan.count).map { plan.text($0, 0) }
            #expect(!lines.contains { $0.contains("Seq Scan on users") }, "\(lines.joined(separator: "\n"))")
            #expect(lines.contains { $0.contains("users_name") }, "\(lines.joined(separator: "\n"))")
        }
    }
}
