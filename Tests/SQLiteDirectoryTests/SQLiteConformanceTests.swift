import DirectoryConformance
import Foundation
import Provisioning
import SQLiteDirectory
import Testing

/// The shared backend checks (``DirectoryConformance``) against the SQLite store, each in a
/// fresh store of its own temporary directory.
@Suite struct SQLiteConformanceTests {
    @Test(arguments: DirectoryConformance.names)
    func theSQLiteStorePassesTheBackendCheck(_ name: String) throws {
        let directory = NSTemporaryDirectory() + "provision-conformance-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let failures = DirectoryConformance.run(name) { seed in
            let store = try SQLiteDirectory.create(path: directory + "/provision.sqlite")
            _ = try store.importCatalog(seed.products)
            try store.addCustomer(seed.customer)
            for (product, seats) in seed.seats { try store.setSeats(customerID: seed.customer.id, partNumber: product, seats: seats) }
            return store
        }
        #expect(failures.isEmpty, "\(name): \(failures.joined(separator: "; "))")
    }
}
