import DirectoryConformance
import Foundation
import PostgresDirectory
import Provisioning
import Testing

/// The shared backend checks (``DirectoryConformance``, ``StoreConformance``) against the
/// PostgreSQL store, each in a fresh schema of the test cluster.
@Suite(.enabled(if: TestDatabase.enabled, TestDatabase.skipReason))
struct PostgresConformanceTests {
    @Test(arguments: DirectoryConformance.names)
    func thePostgreSQLStorePassesTheBackendCheck(_ name: String) throws {
        try TestDatabase.withSchema { conninfo in
            let failures = DirectoryConformance.run(name) { seed in try PostgresFixture.store(conninfo, seed: seed) }
            #expect(failures.isEmpty, "\(name): \(failures.joined(separator: "; "))")
        }
    }

    @Test(arguments: StoreConformance.names)
    func thePostgreSQLStorePassesTheStoreCheck(_ name: String) throws {
        try TestDatabase.withSchema { conninfo in
            let failures = StoreConformance.run(name) { seed in try PostgresFixture.store(conninfo, seed: seed) }
            #expect(failures.isEmpty, "\(name): \(failures.joined(separator: "; "))")
        }
    }
}

/// Stores holding a conformance seed.
enum PostgresFixture {
    /// A store in the schema of `conninfo` holding `seed`.
    static func store(_ conninfo: String, seed: ConformanceSeed = .standard) throws -> PostgresDirectory {
        let store = try PostgresDirectory(url: conninfo)
        _ = try store.importCatalog(seed.products)
        try store.addCustomer(seed.customer)
        for (product, seats) in seed.seats.sorted(by: { $0.key < $1.key }) {
            try store.setSeats(customerID: seed.customer.id, partNumber: product, seats: seats)
        }
        return store
    }
}
