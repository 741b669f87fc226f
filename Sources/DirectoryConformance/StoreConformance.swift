import Foundation
import Provisioning

// Design note: the checks of the rest of ``ProvisionStore`` (the admin, inspection, import and
// connection protocols), beside ``DirectoryConformance``'s checks of `Directory & JobLedger`.
// Apart because the in-memory double implements only those two; a full backend (SQLite,
// PostgreSQL) runs both families. Policy is not the store's: these checks call the store
// directly and expect it to write what it is given (the role is logged, not checked).

/// The checks every full backend (a ``ProvisionStore``) must pass, beside ``DirectoryConformance``.
public enum StoreConformance {
    /// Builds a fresh store holding `seed`.
    public typealias Factory = (ConformanceSeed) throws -> any ProvisionStore

    /// The names of every check, for a parameterised test.
    public static var names: [String] { checks.map(\.name) }

    /// Runs the check named `name` against a fresh store from `factory`.
    /// - Returns: the failures; an unknown name or an error thrown by the store is a failure too.
    public static func run(_ name: String, factory: Factory) -> [String] {
        guard let check = checks.first(where: { $0.name == name }) else { return ["no check named \(name)"] }
        do {
            let store = try factory(ConformanceSeed.standard)
            let harness = Harness(store, seed: .standard)
            do {
                try check.body(harness, store)
            } catch {
                harness.fail("threw \(error)")
            }
            return harness.failures
        } catch {
            return ["the factory threw \(error)"]
        }
    }

    struct Check: Sendable {
        var name: String
        let body: @Sendable (Harness, any ProvisionStore) throws -> Void
    }

    static let checks: [Check] = [
        Check(name: "adminAllOrNothing", body: StoreChecks.adminAllOrNothing),
        Check(name: "seatsSetAndRefused", body: StoreChecks.seatsSetAndRefused),
        Check(name: "inspection", body: StoreChecks.inspection),
        Check(name: "auditPages", body: StoreChecks.auditPages),
        Check(name: "graphImports", body: StoreChecks.graphImports),
        Check(name: "lookupsSeeCommits", body: StoreChecks.lookupsSeeCommits),
        Check(name: "neutralErrors", body: StoreChecks.neutralErrors),
    ]
}
