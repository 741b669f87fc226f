import DirectoryConformance
import Foundation
@testable import PostgresDirectory
import Provisioning
import SQLiteDirectory
import Testing

/// ``TransferConformance`` on PostgreSQL (a schema each for the source and the target), and
/// copies across backends: SQLite into PostgreSQL and back, and a failed copy rolled back.
@Suite(.enabled(if: TestDatabase.enabled, TestDatabase.skipReason))
struct PostgresTransferTests {
    @Test(arguments: TransferConformance.names)
    func thePostgreSQLStorePassesTheTransferCheck(_ name: String) throws {
        try TestDatabase.withSchema { source in
            try TestDatabase.withSchema { target in
                let failures = TransferConformance.run(name, factory: { seed in try PostgresFixture.store(source, seed: seed) },
                                                       empty: { try PostgresDirectory(url: target) })
                #expect(failures.isEmpty, "\(name): \(failures.joined(separator: "; "))")
            }
        }
    }

    @Test(arguments: TransferConformance.names)
    func aSQLiteStoreCopiesIntoPostgreSQL(_ name: String) throws {
        let directory = NSTemporaryDirectory() + "provision-transfer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestDatabase.withSchema { target in
            let failures = TransferConformance.run(name, factory: { seed in
                let store = try SQLiteDirectory.create(path: directory + "/source.sqlite")
                _ = try store.importCatalog(seed.products)
                try store.addCustomer(seed.customer)
                for (product, seats) in seed.seats { try store.setSeats(customerID: seed.customer.id, partNumber: product, seats: seats) }
                return store
            }, empty: { try PostgresDirectory(url: target) })
            #expect(failures.isEmpty, "\(name): \(failures.joined(separator: "; "))")
        }
    }

    @Test(arguments: TransferConformance.names)
    func aPostgreSQLStoreCopiesIntoSQLite(_ name: String) throws {
        let directory = NSTemporaryDirectory() + "provision-transfer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestDatabase.withSchema { source in
            let failures = TransferConformance.run(name, factory: { seed in try PostgresFixture.store(source, seed: seed) },
                                                   empty: { try SQLiteDirectory.create(path: directory + "/target.sqlite") })
            #expect(failures.isEmpty, "\(name): \(failures.joined(separator: "; "))")
        }
    }

    @Test func aFailedMigrationLeavesTheServerSchemaWithoutAStore() throws {
        let directory = NSTemporaryDirectory() + "provision-transfer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = try SQLiteDirectory.create(path: directory + "/source.sqlite")
        try source.addCustomer(Customer(id: "contoso", name: "Contoso", domains: ["contoso.com"], defaultUsageLocation: "TW"))
        try TestDatabase.withSchema { target in
            let location = PostgresStoreLocation(url: try #require(StoreURL(target)))
            #expect(throws: StoreError.self) {
                _ = try location.create(replacing: false) { store in
                    guard let transfer = store as? any StoreTransfer else { return }
                    try StoreMigration().copy(from: source, to: transfer)
                    throw StoreError.invalid("injected after the copy")
                }
            }
            #expect(try !location.exists(), "the migrations and the copied rows were rolled back together")
        }
    }

    @Test func operatorsAreRefusedBeforeAnythingIsWritten() throws {
        let directory = NSTemporaryDirectory() + "provision-transfer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = try SQLiteDirectory.create(path: directory + "/source.sqlite")
        try source.addOperator(OperatorAccount(name: "ops", role: .adminAgent, passwordHash: "$scrypt$ln=4,r=8,p=1$c2FsdA$aGFzaA",
                                               createdAt: Date(timeIntervalSince1970: 0),
                                               changedAt: Date(timeIntervalSince1970: 0), disabled: false))
        try TestDatabase.withSchema { target in
            let store = try PostgresDirectory(url: target)
            #expect(throws: StoreError.self) { try StoreMigration().copy(from: source, to: store) }
            #expect(try store.rowCount(.customers) == 0)
        }
    }
}
