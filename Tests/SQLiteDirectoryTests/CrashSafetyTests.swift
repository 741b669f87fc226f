import Foundation
import Testing
import Provisioning
@testable import SQLiteDirectory

/// A transaction cut short (an error, a crash, SIGKILL) leaves the store exactly as before it.
@Suite struct CrashSafetyTests {
    /// Set only in the child process that ``aKilledApplyLeavesTheStoreAsBefore()`` starts.
    static let childStore = ProcessInfo.processInfo.environment["PROVISION_TEST_KILL_STORE"]

    /// What must not change: users, assignments, seats, journal, audit, change counter.
    static func snapshot(_ path: String) throws -> [String: Int64] {
        let store = try SQLiteDirectory(path: path)
        var state: [String: Int64] = [:]
        for table in ["users", "assignments", "journal", "audit_log"] {
            state[table] = try store.connection.scalar("SELECT count(*) FROM \(table)") ?? -1
        }
        state["counter"] = try store.changeCounter(customerID: "contoso")
        for usage in try store.seatUsage(customerID: "contoso") { state["seats " + usage.partNumber] = Int64(usage.assigned) }
        #expect(try store.integrityProblems() == [])
        return state
    }

    @Test func anErrorInsideTheTransactionRollsEverythingBack() throws {
        let fixture = try StoreFixture()
        try fixture.create([fixture.newUser("a@contoso.com", licenses: ["SPE_E3"])])
        let before = try Self.snapshot(fixture.path)
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try fixture.store.connection.transaction {
                try fixture.store.connection.run("DELETE FROM assignments")
                try fixture.store.connection.run("UPDATE customers SET change_counter = 99")
                throw Boom()
            }
        }
        #expect(fixture.store.connection.isAutocommit)
        #expect(try Self.snapshot(fixture.path) == before)
    }

    /// Copies the database and its WAL in the middle of a large transaction, as a power cut at
    /// that instant would leave them, and opens the copy.
    @Test func filesCopiedMidTransactionOpenAsTheStoreBefore() throws {
        let fixture = try StoreFixture()
        try fixture.create([fixture.newUser("a@contoso.com", licenses: ["SPE_E3"])])
        let before = try Self.snapshot(fixture.path)
        let copy = fixture.directory + "/copy.sqlite"
        try fixture.store.connection.execute("PRAGMA cache_size = -256")
        try fixture.store.connection.transaction {
            for index in 0..<20_000 {
                try fixture.store.connection.run("""
                    INSERT INTO users (object_id, customer_id, upn, display_name, account_enabled, created_at,
                        must_change_password) VALUES (?1, 'contoso', ?2, 'x', 1, 0, 1)
                    """) {
                    $0.bind("mid-\(index)", at: 1)
                    $0.bind("mid\(index)@contoso.com", at: 2)
                }
            }
            // The small cache has spilled uncommitted pages into the WAL by now.
            let wal = try FileManager.default.attributesOfItem(atPath: fixture.path + "-wal")[.size] as? Int ?? 0
            #expect(wal > 256 * 1024)
            for suffix in ["", "-wal"] {
                try FileManager.default.copyItem(atPath: fixture.path + suffix, toPath: copy + suffix)
            }
        }
        #expect(try Self.snapshot(copy) == before)
        #expect(try Self.snapshot(fixture.path)["users"] == 20_001)
    }

    /// Starts this test binary again as a child that applies a large batch in one transaction,
    /// kills it with SIGKILL once its WAL shows the transaction under way, and checks the store.
    @Test(.enabled(if: childStore == nil)) func aKilledApplyLeavesTheStoreAsBefore() throws {
        let fixture = try StoreFixture()
        try fixture.create([fixture.newUser("a@contoso.com", licenses: ["SPE_E3"]),
                            fixture.newUser("b@contoso.com", licenses: ["EXCHANGESTANDARD"])])
        try fixture.store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let before = try Self.snapshot(fixture.path)
        let child = Process()
        child.executableURL = URL(fileURLWithPath: try #require(Bundle.main.executablePath))
        child.arguments = ["--testing-library", "swift-testing", "--filter", "childAppliesALargeBatchUntilKilled"]
        child.environment = ProcessInfo.processInfo.environment.merging(["PROVISION_TEST_KILL_STORE": fixture.path]) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }
        let deadline = Date().addingTimeInterval(120)
        var walSize = 0
        while Date() < deadline && child.isRunning && walSize < 4 << 20 {
            usleep(20_000)
            walSize = (try? FileManager.default.attributesOfItem(atPath: fixture.path + "-wal")[.size] as? Int) ?? 0
        }
        #expect(walSize >= 4 << 20, "the child should be mid-transaction when killed")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        #expect(try Self.snapshot(fixture.path) == before)
        // The store still works after the crash.
        let reopened = try SQLiteDirectory(path: fixture.path)
        let c = fixture.newUser("c@contoso.com", licenses: ["SPE_E3"])
        #expect(try reopened.apply(ChangeBatch(batchID: "after", role: .adminAgent, operatorName: "t", now: fixture.now,
                                               sets: [try fixture.createSet(c)])) == [.applied])
    }

    /// The child side of ``aKilledApplyLeavesTheStoreAsBefore()``; skipped in normal runs.
    @Test(.enabled(if: childStore != nil)) func childAppliesALargeBatchUntilKilled() throws {
        let path = try #require(Self.childStore)
        let store = try SQLiteDirectory(path: path, options: SQLiteDirectoryOptions(cacheMiB: 1))
        let password = try TemporaryPassword(checking: "Tz4#kP9q!mWx2vLr")
        let now = Date(timeIntervalSince1970: 1_793_491_200)
        while true {
            var sets: [UserChangeSet] = []
            for index in 0..<200_000 {
                let id = String(format: "11111111-0000-4000-8000-%012d", index)
                let user = User(objectID: id, customerID: "contoso", userPrincipalName: "kid\(index)@contoso.com",
                                attributes: UserAttributes(displayName: "Kid \(index)", usageLocation: "TW"), createdAt: now)
                sets.append(UserChangeSet(customerID: "contoso", objectID: id, userPrincipalName: user.userPrincipalName,
                                          journalKey: "\(index)", steps: [.create(user, password: password)]))
            }
            _ = try store.apply(ChangeBatch(batchID: "killed", role: .adminAgent, operatorName: "child", now: now, sets: sets))
            Issue.record("the child finished a batch before being killed")
        }
    }
}
