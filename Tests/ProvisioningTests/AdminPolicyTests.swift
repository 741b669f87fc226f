import Foundation
import Testing
@testable import Provisioning

/// The admin permission checks live above the store (``AdminPolicy``): a role the matrix refuses
/// gets the `PermissionDenied` violation and the store is never called; an allowed one reaches
/// the store with the actor unchanged. The spy stands for any backend.
@Suite struct AdminPolicyTests {
    static let now = Date(timeIntervalSince1970: 1_793_491_200)

    static func actor(_ role: OperatorRole) -> AdminActor {
        AdminActor(operatorName: "tester", role: role, batchID: "b1", now: now)
    }

    static let acme = Customer(id: "acme", name: "Acme", domains: ["acme.example"], defaultUsageLocation: "US")

    /// Every policed call, by name, with the operation it needs.
    static let calls: [(name: String, operation: Provisioning.Operation,
                        run: @Sendable (AdminActor?, SpyAdminStore) throws -> Void)] = [
        ("addCustomers", .manageCustomers, { try AdminPolicy.addCustomers([acme], by: $0, in: $1) }),
        ("addCustomers", .manageCustomers, { try AdminPolicy.addCustomer(acme, by: $0, in: $1) }),
        ("updateCustomer", .manageCustomers, { _ = try AdminPolicy.updateCustomer(id: "acme", name: "A", location: nil, by: $0, in: $1) }),
        ("addDomains", .manageCustomers, { _ = try AdminPolicy.addDomains(customerID: "acme", ["a.example"], by: $0, in: $1) }),
        ("removeDomains", .manageCustomers, { _ = try AdminPolicy.removeDomains(customerID: "acme", ["a.example"], by: $0, in: $1) }),
        ("setSeats", .manageSubscriptions, {
            _ = try AdminPolicy.setSeats([Subscription(customerID: "acme", partNumber: "SPE_E3", seats: 9)], force: false,
                                         by: $0, in: $1)
        }),
        ("importUsers", .bulkCreateUsers, { actor, store in
            _ = try AdminPolicy.importUsers([], customerID: "acme", by: try #require(actor), into: store)
        }),
        ("importSeats", .manageSubscriptions, { actor, store in
            _ = try AdminPolicy.importSeats([("SPE_E3", 9)], customerID: "acme", by: try #require(actor), into: store)
        }),
    ]

    @Test func aRoleTheMatrixRefusesNeverReachesTheStore() throws {
        var refused = 0
        for call in Self.calls {
            for role in OperatorRole.allCases where !PermissionMatrix.allows(role, call.operation) {
                let store = SpyAdminStore()
                let denied = try #require(PermissionMatrix.check(role, call.operation))
                #expect(throws: denied) { try call.run(Self.actor(role), store) }
                #expect(store.calls.isEmpty, "\(call.name) as \(role.rawValue) reached the store")
                refused += 1
            }
        }
        // user-management-admin, helpdesk and sales agents for each of the eight calls.
        #expect(refused == 24)
    }

    @Test func anAllowedRoleReachesTheStoreWithItsActor() throws {
        for call in Self.calls {
            for role in OperatorRole.allCases where PermissionMatrix.allows(role, call.operation) {
                let store = SpyAdminStore()
                try call.run(Self.actor(role), store)
                #expect(store.calls == [call.name], "\(call.name) as \(role.rawValue)")
                #expect(store.actors == [Self.actor(role)])
            }
        }
    }

    @Test func noActorIsNotChecked() throws {
        let store = SpyAdminStore()
        try AdminPolicy.addCustomers([Self.acme], by: nil, in: store)
        #expect(store.calls == ["addCustomers"])
        #expect(AdminPolicy.check(nil, .manageCustomers) == nil)
    }
}

/// Records the admin and import calls that reach it; writes nothing.
final class SpyAdminStore: DirectoryAdmin, DirectoryImport {
    private(set) var calls: [String] = []
    private(set) var actors: [AdminActor?] = []

    private func record(_ name: String, _ actor: AdminActor?) {
        calls.append(name)
        actors.append(actor)
    }

    func addCustomers(_ customers: [Customer], by actor: AdminActor?) throws { record("addCustomers", actor) }
    func updateCustomer(id: String, name: String?, location: String?,
                        by actor: AdminActor?) throws -> (customer: Customer, changed: [String]) {
        record("updateCustomer", actor)
        return (AdminPolicyTests.acme, [])
    }
    func addDomains(customerID: String, _ domains: [String], by actor: AdminActor?) throws -> [String] {
        record("addDomains", actor)
        return domains
    }
    func removeDomains(customerID: String, _ domains: [String], by actor: AdminActor?) throws -> [String] {
        record("removeDomains", actor)
        return domains
    }
    func domainOwner(_ domain: String) throws -> String? { nil }
    func activeUsers(customerID: String, signingInWith domain: String) throws -> Int { 0 }
    func setSeats(_ subscriptions: [Subscription], force: Bool, by actor: AdminActor?) throws -> [SeatChange] {
        record("setSeats", actor)
        return []
    }
    func importCatalog(_ products: [Product]) throws -> CatalogImportSummary { throw StoreError.invalid("not used") }
    func storeRules(_ rules: LicensingRules) throws {}
    func importUsers(_ users: [User], customerID: String, operatorName: String, role: OperatorRole,
                     batchID: String, now: Date) throws -> UserImportSummary {
        record("importUsers", AdminActor(operatorName: operatorName, role: role, batchID: batchID, now: now))
        return UserImportSummary()
    }
    func importSeats(_ seats: [(partNumber: String, seats: Int)], customerID: String, operatorName: String,
                     role: OperatorRole, batchID: String, now: Date) throws -> [SeatImportChange] {
        record("importSeats", AdminActor(operatorName: operatorName, role: role, batchID: batchID, now: now))
        return []
    }
}
