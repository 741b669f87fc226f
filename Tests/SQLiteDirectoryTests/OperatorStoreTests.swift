import DirectoryConformance
import Foundation
import Provisioning
import Testing
@testable import SQLiteDirectory

/// The operators seam on SQLite: the shared checks, the migration from version 3, and what
/// the `operators` table refuses.
@Suite struct OperatorStoreTests {
    @Test func theSQLiteStorePassesTheOperatorStoreChecks() throws {
        let fixture = try StoreFixture()
        let failures = OperatorStoreConformance.run(fixture.store)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func operatorsSurviveReopeningWithTheirTimes() throws {
        let fixture = try StoreFixture()
        let account = OperatorAccount(name: "Alice", role: .userManagementAdmin, passwordHash: "$scrypt$ln=15,r=8,p=1$s$h",
                                      createdAt: fixture.now, changedAt: fixture.now.addingTimeInterval(0.25), disabled: true)
        try fixture.store.addOperator(account)
        let reopened = try SQLiteDirectory(path: fixture.path)
        #expect(try reopened.operatorAccount(named: "ALICE") == account)
    }

    @Test func aVersion3StoreGainsTheOperatorsTableAndKeepsItsData() throws {
        let fixture = try StoreFixture()
        try fixture.create([fixture.newUser("kept@contoso.com")])
        let raw = try Connection(path: fixture.path, mode: .readWrite)
        try raw.execute("""
            DROP TABLE queue_reports; DROP TABLE queue_jobs; DROP TABLE queue_inputs;
            DROP TABLE operators; PRAGMA user_version = 3;
            """)
        #expect(try raw.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'operators'") == 0)
        let reopened = try SQLiteDirectory(path: fixture.path)
        #expect(try fixture.scalar("PRAGMA user_version") == Int64(Schema.currentVersion))
        #expect(try reopened.operatorAccounts().isEmpty)
        #expect(try reopened.users(customerID: "contoso", principalNames: ["kept@contoso.com"]).count == 1)
    }

    @Test func aStoredOperatorWithAnUnknownRoleIsReportedByName() throws {
        let fixture = try StoreFixture()
        try fixture.store.connection.execute("""
            INSERT INTO operators (name, role, password_hash, created_at, changed_at) VALUES ('mallory', 'root', 'h', 0, 0)
            """)
        #expect(throws: OperatorStoreError.unreadable("stored operator 'mallory' has an unknown role 'root'")) {
            try fixture.store.operatorAccount(named: "mallory")
        }
    }
}
