import Foundation
import Provisioning

// Design note: the one contract every backend of the seam must meet (swift-collections'
// conformance checkers run the same checks against every type that claims a protocol). Each
// test target hands ``DirectoryConformance/run(_:factory:)`` a factory that builds a fresh
// backend from a ``ConformanceSeed``; the checks return their failures as text, so this
// library needs no test framework and both SQLiteDirectoryTests and ProvisioningTests (the
// in-memory double) call it with their own `#expect`. A backend is done when every check
// passes against it, not when its own tests do. The checks only use the seam (`Directory &
// JobLedger`, ``PurgePolicy``): what a store writes is observed through its own reads.

/// What a fresh backend holds before a check: the catalog, one customer (`contoso`, `TW`,
/// domain `contoso.com`) and its seats.
public struct ConformanceSeed: Sendable {
    /// The catalog.
    public var products: [Product]
    /// The customer.
    public var customer: Customer
    /// Seats purchased per part number.
    public var seats: [String: Int]
    /// "Now" of the first batch.
    public var now: Date

    /// The seed every check uses: two products, `SPE_E3` (2 seats) and `EXCHANGESTANDARD` (5).
    public static let standard = ConformanceSeed(
        products: [
            Product(partNumber: "SPE_E3", guid: "05e9a617-0261-4cee-bb44-138d3ef5d965", displayName: "Microsoft 365 E3",
                    servicePlans: []),
            Product(partNumber: "EXCHANGESTANDARD", guid: "4b9405b0-7788-4568-add1-99614e613b69",
                    displayName: "Exchange Online (Plan 1)", servicePlans: []),
        ],
        customer: Customer(id: "contoso", name: "Contoso Ltd.", domains: ["contoso.com"], defaultUsageLocation: "TW"),
        seats: ["SPE_E3": 2, "EXCHANGESTANDARD": 5],
        now: Date(timeIntervalSince1970: 1_793_491_200)) // 2026-11-01T00:00:00Z
}

/// The checks every backend must pass; see the design note above and docs/store.md.
public enum DirectoryConformance {
    /// Builds a fresh backend holding `seed`.
    public typealias Factory = (ConformanceSeed) throws -> any Directory & JobLedger

    /// One named check: runs against a fresh backend and returns its failures (none: passed).
    public struct Check: Sendable {
        /// The check's name, e.g. `lifecycle`.
        public var name: String
        let body: @Sendable (Harness) throws -> Void
    }

    /// The names of every check, for a parameterised test.
    public static var names: [String] { checks.map(\.name) }

    /// Runs the check named `name` against a fresh backend from `factory`.
    /// - Returns: the failures, each saying what was expected and what the backend did;
    ///   an unknown name or an error thrown by the backend is a failure too.
    public static func run(_ name: String, factory: Factory) -> [String] {
        guard let check = checks.first(where: { $0.name == name }) else { return ["no check named \(name)"] }
        do {
            let harness = Harness(try factory(ConformanceSeed.standard), seed: .standard)
            do {
                try check.body(harness)
            } catch {
                harness.fail("threw \(error)")
            }
            return harness.failures
        } catch {
            return ["the factory threw \(error)"]
        }
    }

    static let checks: [Check] = [
        Check(name: "lifecycle", body: Checks.lifecycle),
        Check(name: "seatsEqualAssignments", body: Checks.seatsEqualAssignments),
        Check(name: "oversubscriptionRefused", body: Checks.oversubscriptionRefused),
        Check(name: "journalAndResume", body: Checks.journalAndResume),
        Check(name: "finishedBatches", body: Checks.finishedBatches),
        Check(name: "undeliveredCredentials", body: Checks.undeliveredCredentials),
        Check(name: "locks", body: Checks.locks),
        Check(name: "purgeAndThirtyDayWindow", body: Checks.purgeAndThirtyDayWindow),
    ]
}
