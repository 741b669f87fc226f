import DirectoryConformance
import Foundation
import Provisioning
import SQLiteDirectory
import Testing

/// The shared backend checks (``DirectoryConformance``, ``StoreConformance``) against the
/// SQLite store, each in a fresh store of its own temporary directory.
@Suite struct SQLiteConformanceTests {
    @Test(arguments: DirectoryConformance.names)
    func theSQLiteStorePassesTheBackendCheck(_ name: String) throws {
        let failures = try Self.withFreshStore { factory in DirectoryConformance.run(name, factory: factory) }
        #expect(failures.isEmpty, "\(name): \(failures.joined(separator: "; "))")
    }

    @Test(arguments: StoreConformance.names)
    func theSQLiteStorePassesTheStoreCheck(_ name: String) throws {
        let failures = try Self.withFreshStore { factory in StoreConformance.run(name, factory: factory) }
        #expect(failures.isEmpty, "\(name): \(failures.joined(separator: "; "))")
    }

    /// Runs `body` with a factory of a seeded store in a temporary directory, removed after.
    static func withFreshStore(_ body: (StoreConformance.Factory) -> [String]) throws -> [String] {
        let directory = NSTemporaryDirectory() + "provision-conformance-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return body { seed in
            let store = try SQLiteDirectory.create(path: directory + "/provision.sqlite")
            _ = try store.importCatalog(seed.products)
            try store.addCustomer(seed.customer)
            for (product, seats) in seed.seats { try store.setSeats(customerID: seed.customer.id, partNumber: product, seats: seats) }
            return store
        }
    }
}
