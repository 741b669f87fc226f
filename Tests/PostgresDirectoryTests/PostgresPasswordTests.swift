import Foundation
@testable import PostgresDirectory
import Provisioning
import Testing

/// Passwords on PostgreSQL: only salted hashes (scheme 1) are stored, each verifies, and no
/// row of any table holds a password's text, bulk path and one-by-one path alike.
@Suite(.enabled(if: TestDatabase.enabled, TestDatabase.skipReason))
struct PostgresPasswordTests {
    @Test func noTableHoldsAPassword() throws {
        try TestDatabase.withSchema { conninfo in
            let store = try PostgresFixture.store(conninfo)
            var random = SystemRandomNumberGenerator()
            let users = (1...12).map { Make.user("p\($0)", id: $0) }
            let passwords = users.map { _ in TemporaryPassword.generate(using: &random) }
            let sets = zip(users, passwords).map { user, password in
                UserChangeSet(customerID: user.customerID, objectID: user.objectID, userPrincipalName: user.userPrincipalName,
                              journalKey: user.userPrincipalName, steps: [.create(user, password: password)])
            }
            let reset = TemporaryPassword.generate(using: &random)
            _ = try store.apply(Make.batch(sets, deliversCredentials: true))
            _ = try store.apply(Make.batch([Make.set(users[0], [.resetPassword(reset)], key: "reset")]))
            for (user, password) in zip(users.dropFirst(), passwords.dropFirst()) {
                #expect(try store.verifyPassword(objectID: user.objectID, password: password.reveal()))
            }
            #expect(try store.verifyPassword(objectID: users[0].objectID, password: reset.reveal()))
            #expect(try !store.verifyPassword(objectID: users[0].objectID, password: passwords[0].reveal()))
            let tables = try store.connection.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            var everything = ""
            for row in 0..<tables.count {
                let rows = try store.connection.query("SELECT t::text FROM \(tables.text(row, 0)) AS t")
                for index in 0..<rows.count { everything += rows.text(index, 0) + "\n" }
            }
            #expect(everything.contains(users[1].objectID))
            for password in passwords + [reset] { #expect(!everything.contains(password.reveal())) }
        }
    }
}
