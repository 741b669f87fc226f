import Foundation
import Testing
import Provisioning
@testable import SQLiteDirectory

/// The store's side of customers, domains and seats, for every surface: one transaction per
/// batch, the role left to ``AdminPolicy`` above it, the change counter moved once.
@Suite struct CustomerAdminTests {
    static func actor(_ role: OperatorRole = .adminAgent) -> AdminActor {
        AdminActor(operatorName: "tester", role: role, batchID: "b1", now: Date(timeIntervalSince1970: 1_793_491_200))
    }

    @Test func aBatchOfCustomersIsAllOrNothingAndNamesTheRefusedItem() throws {
        let fixture = try StoreFixture()
        let customers = [Customer(id: "acme", name: "Acme", domains: ["acme.example"], defaultUsageLocation: "US"),
                         Customer(id: "globex", name: "Globex", domains: ["contoso.com"], defaultUsageLocation: "DE")]
        #expect(throws: AdminBatchRefusal(index: 1, violation: Violation(
            .uniquenessViolation, "domain 'contoso.com' is already a verified domain of customer contoso",
            fix: "a domain belongs to one customer; remove it from contoso first", field: "Domains"))) {
            try fixture.store.addCustomers(customers, by: Self.actor())
        }
        #expect(try fixture.store.customer(id: "acme") == nil)
        #expect(try fixture.store.auditLog(batchID: "b1").isEmpty)
    }

    @Test func theStoreLeavesTheRoleToThePolicyAndThePolicyRefusesBeforeTheStore() throws {
        let fixture = try StoreFixture()
        let acme = Customer(id: "acme", name: "Acme", domains: ["acme.example"], defaultUsageLocation: "US")
        let nine = [Subscription(customerID: "contoso", partNumber: "SPE_E3", seats: 9)]
        #expect(throws: Violation.self) { try AdminPolicy.addCustomer(acme, by: Self.actor(.helpdeskAgent), in: fixture.store) }
        #expect(throws: Violation.self) { try AdminPolicy.setSeats(nine, force: false, by: Self.actor(.salesAgent), in: fixture.store) }
        #expect(try fixture.store.customer(id: "acme") == nil)
        #expect(try fixture.store.seatUsage(customerID: "contoso").first { $0.partNumber == "SPE_E3" }?.purchased == 3)
        #expect(try fixture.store.auditLog(batchID: "b1").isEmpty)
        // The store itself only writes: the role is logged, not checked, here.
        _ = try fixture.store.setSeats(nine, force: false, by: Self.actor(.salesAgent))
        #expect(try fixture.store.auditLog(batchID: "b1").map(\.role) == ["sales-agent"])
    }

    @Test func seatsOfSeveralProductsMoveTheCounterOnceAndKeepTheTallies() throws {
        let fixture = try StoreFixture()
        let counter = try fixture.store.changeCounter(customerID: "contoso")
        let changes = try fixture.store.setSeats([
            Subscription(customerID: "contoso", partNumber: "SPE_E3", seats: 5),
            Subscription(customerID: "contoso", partNumber: "MCOMEETADV", seats: 1),
            Subscription(customerID: "contoso", partNumber: "EXCHANGESTANDARD", seats: 12),
        ], force: false, by: Self.actor())
        #expect(changes.map(\.after) == [5, 1, 12])
        #expect(try fixture.store.changeCounter(customerID: "contoso") == counter + 1)
        #expect(try fixture.store.auditLog(batchID: "b1").map(\.action) == ["seats-set", "seats-set"])
        #expect(try fixture.store.integrityProblems().isEmpty)
    }

    @Test func activeUsersOnADomainAreCountedCaseInsensitively() throws {
        let fixture = try StoreFixture()
        let users = ["a@contoso.com", "B@CONTOSO.COM", "c@contoso.com.tw"].map { fixture.newUser($0) }
        _ = try fixture.create(users)
        #expect(try fixture.store.activeUsers(customerID: "contoso", signingInWith: "Contoso.com") == 2)
        #expect(try fixture.store.activeUsers(customerID: "contoso", signingInWith: "contoso.com.tw") == 1)
        #expect(try fixture.store.activeUsers(customerID: "fabrikam", signingInWith: "contoso.com") == 0)
    }
}
