import DirectoryConformance
import Foundation
import Provisioning
import SQLiteDirectory
import Testing

/// ``TransferConformance`` (what `provision migrate` reads and writes) from one SQLite store
/// into another, each in a temporary directory.
@Suite struct SQLiteTransferTests {
    @Test(arguments: TransferConformance.names)
    func theSQLiteStorePassesTheTransferCheck(_ name: String) throws {
        let directory = NSTemporaryDirectory() + "provision-transfer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let failures = TransferConformance.run(name, factory: { seed in
            let store = try SQLiteDirectory.create(path: directory + "/source.sqlite")
            _ = try store.importCatalog(seed.products)
            try store.addCustomer(seed.customer)
            for (product, seats) in seed.seats { try store.setSeats(customerID: seed.customer.id, partNumber: product, seats: seats) }
            return store
        }, empty: { try SQLiteDirectory.create(path: directory + "/target.sqlite") })
        #expect(failures.isEmpty, "\(name): \(failures.joined(separator: "; "))")
    }

    @Test func aFailedMigrationIntoANewLocationLeavesNoFile() throws {
        let directory = NSTemporaryDirectory() + "provision-transfer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = try SQLiteDirectory.create(path: directory + "/source.sqlite")
        try source.addCustomer(Customer(id: "contoso", name: "Contoso", domains: ["contoso.com"], defaultUsageLocation: "TW"))
        let location = SQLiteStoreLocation(path: directory + "/target.sqlite")
        #expect(throws: StoreError.self) {
            _ = try location.create(replacing: false) { store in
                guard let target = store as? any StoreTransfer else { return }
                try StoreMigration().copy(from: source, to: target)
                throw StoreError.invalid("injected after the copy")
            }
        }
        #expect(try !location.exists(), "a failed migration leaves no store behind")
    }
}
