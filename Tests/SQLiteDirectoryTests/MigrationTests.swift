import Foundation
import Testing
import Provisioning
@testable import SQLiteDirectory

@Suite struct MigrationTests {
    @Test func createdStoreIsAtCurrentVersionWithProvisionApplicationID() throws {
        let fixture = try StoreFixture()
        #expect(try fixture.scalar("PRAGMA user_version") == Int64(SQLiteDirectory.schemaVersion))
        #expect(try fixture.scalar("PRAGMA application_id") == Schema.applicationID)
        #expect(SQLiteDirectory.schemaVersion == Schema.migrations.count)
    }

    @Test func storeRunsInWALWithForeignKeysAndASizedCache() throws {
        let fixture = try StoreFixture()
        let connection = fixture.store.connection
        let mode = try connection.cached("PRAGMA journal_mode")
        #expect(try mode.step())
        #expect(mode.text(0) == "wal")
        mode.reset()
        #expect(try connection.scalar("PRAGMA foreign_keys") == 1)
        #expect(try connection.scalar("PRAGMA cache_size") == Int64(-SQLiteDirectoryOptions().cacheMiB * 1024))
        #expect(try connection.scalar("PRAGMA busy_timeout") == 10_000)
    }

    @Test func openingAMissingStoreSaysHowToCreateOne() throws {
        let path = NSTemporaryDirectory() + "missing-\(UUID().uuidString).sqlite"
        let error = #expect(throws: StoreError.self) { try SQLiteDirectory(path: path) }
        #expect(error == .missing(store: path))
        #expect(error?.description == "no store at \(path)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func creatingOverAnExistingStoreIsRefused() throws {
        let fixture = try StoreFixture()
        #expect(throws: StoreError.exists(store: fixture.path)) {
            try SQLiteDirectory.create(path: fixture.path)
        }
    }

    @Test func reopeningKeepsTheData() throws {
        let fixture = try StoreFixture()
        try fixture.create([fixture.newUser("amy@contoso.com", licenses: ["SPE_E3"])])
        let reopened = try SQLiteDirectory(path: fixture.path)
        #expect(try reopened.customers().map(\.id) == ["contoso", "fabrikam"])
        #expect(try reopened.seatUsage(customerID: "contoso").first { $0.partNumber == "SPE_E3" }?.assigned == 1)
        #expect(try reopened.products().count == 3)
    }

    @Test func aFileThatIsNotSQLiteIsNotAStore() throws {
        let path = NSTemporaryDirectory() + "garbage-\(UUID().uuidString).sqlite"
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: StoreError.self) { try SQLiteDirectory(path: path) }
        guard case .notAStore = error else { Issue.record("expected notAStore, got \(String(describing: error))"); return }
    }

    @Test func anotherSQLiteDatabaseIsNotAStore() throws {
        let path = NSTemporaryDirectory() + "other-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let other = try Connection(path: path, mode: .create)
            try other.execute("CREATE TABLE t (x)")
        }
        let error = #expect(throws: StoreError.self) { try SQLiteDirectory(path: path) }
        guard case .notAStore = error else { Issue.record("expected notAStore, got \(String(describing: error))"); return }
    }

    @Test func aStoreFromANewerBuildIsRefused() throws {
        let fixture = try StoreFixture()
        try Connection(path: fixture.path, mode: .readWrite).execute("PRAGMA user_version = 99")
        #expect(throws: StoreError.newerSchema(store: fixture.path, found: 99, supported: SQLiteDirectory.schemaVersion)) {
            try SQLiteDirectory(path: fixture.path)
        }
    }

    @Test func anEmptyFileIsMigratedToTheCurrentSchema() throws {
        let path = NSTemporaryDirectory() + "empty-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let store = try SQLiteDirectory(path: path)
        #expect(try store.connection.scalar("PRAGMA user_version") == Int64(Schema.currentVersion))
        #expect(try store.customers().isEmpty)
    }
}
