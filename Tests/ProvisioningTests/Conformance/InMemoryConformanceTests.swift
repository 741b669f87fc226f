import DirectoryConformance
import Provisioning
import Testing

/// The shared backend checks (``DirectoryConformance``) against the in-memory test double, so
/// that the double the planner and executor tests rely on behaves as the stores do.
@Suite struct InMemoryConformanceTests {
    @Test(arguments: DirectoryConformance.names)
    func theInMemoryDoublePassesTheBackendCheck(_ name: String) {
        let failures = DirectoryConformance.run(name) { seed in
            InMemoryDirectory(catalog: seed.products, rules: LicensingRules(rules: []), customers: [seed.customer],
                              seats: [seed.customer.id: seed.seats])
        }
        #expect(failures.isEmpty, "\(name): \(failures.joined(separator: "; "))")
    }
}
