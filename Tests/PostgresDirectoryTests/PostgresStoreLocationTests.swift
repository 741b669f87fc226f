import Foundation
@testable import PostgresDirectory
import Provisioning
import Testing

/// The PostgreSQL ``StoreLocation``: exists, open, create in one transaction, replace, and
/// messages without the password.
@Suite(.enabled(if: TestDatabase.enabled, TestDatabase.skipReason))
struct PostgresStoreLocationTests {
    struct Stop: Error {}

    @Test func createOpenAndReplaceInOneTransaction() throws {
        try TestDatabase.withSchema { conninfo in
            let location = PostgresStoreLocation(url: try #require(StoreURL(conninfo)))
            #expect(location.isShared && location.localFiles.isEmpty && location.credentialFolder == nil)
            #expect(try !location.exists())
            #expect(throws: StoreError.missing(store: location.displayName)) { try location.open() }
            let customer = Customer(id: "contoso", name: "Contoso", domains: ["contoso.com"], defaultUsageLocation: "TW")
            #expect(try location.create(replacing: false) { try $0.addCustomers([customer], by: nil) } == Migrations.currentVersion)
            #expect(try location.exists())
            #expect(try location.open().customers().map(\.id) == ["contoso"])
            #expect(throws: StoreError.exists(store: location.displayName)) { try location.create(replacing: false) { _ in } }
            // A failing fill leaves the old store as it was.
            #expect(throws: Stop.self) { try location.create(replacing: true) { _ in throw Stop() } }
            #expect(try location.open().customers().map(\.id) == ["contoso"])
            _ = try location.create(replacing: true) { _ in }
            #expect(try location.open().customers().isEmpty)
        }
    }

    @Test func messagesNeverShowThePassword() throws {
        let location = PostgresStoreLocation(url: try #require(StoreURL("postgresql://ops:hunter2@127.0.0.1:1/db?connect_timeout=2")))
        #expect(!location.displayName.contains("hunter2"))
        #expect(location.accessWarnings().count == 1 && !location.accessWarnings()[0].contains("hunter2"))
        do {
            _ = try location.open()
            Issue.record("opened a store on port 1")
        } catch let error as StoreError {
            guard case .unavailable(let store, let reason) = error else { Issue.record("\(error)"); return }
            #expect(store == location.displayName)
            #expect(!"\(error)".contains("hunter2") && !reason.isEmpty)
        }
    }
}
