import Foundation
import Testing
import Provisioning
@testable import SQLiteDirectory

@Suite struct LifecycleTests {
    @Test func createStoresUserLicensesAndHash() throws {
        let fixture = try StoreFixture()
        var amy = fixture.newUser("amy@contoso.com", licenses: ["SPE_E3", "MCOMEETADV"], department: "Sales")
        amy.licenses[0] = LicenseAssignment(partNumber: "SPE_E3", disabledPlans: ["TEAMS1"])
        amy.roles = ["User Administrator"]
        #expect(try fixture.create([amy]) == [.applied])
        let stored = try #require(try fixture.user("AMY@contoso.com"))
        var expected = amy
        expected.licenses.sort { $0.partNumber < $1.partNumber }
        #expect(stored == expected)
        #expect(try fixture.store.verifyPassword(objectID: amy.objectID, password: "Tz4#kP9q!mWx2vLr"))
        #expect(try !fixture.store.verifyPassword(objectID: amy.objectID, password: "Tz4#kP9q!mWx2vLR"))
        #expect(try fixture.assigned() == ["SPE_E3": 1, "MCOMEETADV": 1])
    }

    @Test func seatsEqualTheAssignmentCountAfterEveryOperation() throws {
        let fixture = try StoreFixture()
        let amy = fixture.newUser("amy@contoso.com", licenses: ["SPE_E3"])
        let bob = fixture.newUser("bob@contoso.com", licenses: ["SPE_E3", "EXCHANGESTANDARD"])
        func check() throws {
            #expect(try fixture.assigned() == fixture.countedAssignments())
        }
        try fixture.create([amy, bob]); try check()
        try fixture.apply([fixture.set(amy, [.assign(LicenseAssignment(partNumber: "EXCHANGESTANDARD"))])]); try check()
        try fixture.apply([fixture.set(amy, [.assign(LicenseAssignment(partNumber: "SPE_E3", disabledPlans: ["TEAMS1"]))])])
        try check()
        #expect(try fixture.assigned()["SPE_E3"] == 2)
        try fixture.apply([fixture.set(bob, [.revoke(partNumber: "EXCHANGESTANDARD")])]); try check()
        try fixture.apply([fixture.set(bob, [.delete])]); try check()
        #expect(try fixture.assigned()["SPE_E3"] == 1)
        try fixture.apply([fixture.set(bob, [.restore(userPrincipalName: "bob@contoso.com", keepLicenses: ["SPE_E3"])])])
        try check()
        #expect(try fixture.assigned()["SPE_E3"] == 2)
        fixture.advance(days: 40)
        try fixture.apply([fixture.set(amy, [.delete])]); try check()
        fixture.advance(days: 31)
        #expect(try fixture.store.purge(customerID: "contoso", deletedBefore: fixture.now.addingTimeInterval(-30 * 86_400),
                                         role: .adminAgent, operatorName: "t", batchID: "purge-1", now: fixture.now) == 1)
        try check()
        #expect(try fixture.assigned() == ["SPE_E3": 1])
    }

    @Test func deletedUsersKeepTheirAssignmentsButTakeNoSeats() throws {
        let fixture = try StoreFixture()
        let amy = fixture.newUser("amy@contoso.com", licenses: ["SPE_E3", "MCOMEETADV"])
        try fixture.create([amy])
        #expect(try fixture.apply([fixture.set(amy, [.delete])]) == [.applied])
        #expect(try fixture.assigned().isEmpty)
        let deleted = try #require(try fixture.user("amy@contoso.com"))
        #expect(deleted.isDeleted)
        #expect(deleted.deletedAt == fixture.now)
        #expect(deleted.licenses.map(\.partNumber) == ["MCOMEETADV", "SPE_E3"])
        #expect(try fixture.store.listUsers(customerID: "contoso", query: UserQuery(filter: .deleted)).total == 1)
        #expect(try fixture.store.listUsers(customerID: "contoso", query: UserQuery()).total == 0)
    }

    @Test func restoreKeepsOnlyTheLicensesItIsTold() throws {
        let fixture = try StoreFixture()
        let amy = fixture.newUser("amy@contoso.com", licenses: ["SPE_E3", "MCOMEETADV", "EXCHANGESTANDARD"])
        try fixture.create([amy])
        try fixture.apply([fixture.set(amy, [.delete])])
        fixture.advance(days: 29)
        let results = try fixture.apply([fixture.set(amy, [.restore(userPrincipalName: "amy@contoso.com",
                                                                    keepLicenses: ["SPE_E3", "EXCHANGESTANDARD"])])])
        #expect(results == [.applied])
        let restored = try #require(try fixture.user("amy@contoso.com"))
        #expect(!restored.isDeleted)
        #expect(restored.licenses.map(\.partNumber) == ["EXCHANGESTANDARD", "SPE_E3"])
        #expect(try fixture.assigned() == ["EXCHANGESTANDARD": 1, "SPE_E3": 1])
        let audit = try fixture.store.auditLog(customerID: "contoso").last
        #expect(audit?.action == "restore")
        #expect(audit?.detail.contains("\"licensesDropped\":[\"MCOMEETADV\"]") == true)
    }

    @Test func restoreUnderATakenNameIsAUniquenessViolationAndANewNameWorks() throws {
        let fixture = try StoreFixture()
        let amy = fixture.newUser("amy@contoso.com", licenses: ["SPE_E3"])
        try fixture.create([amy])
        try fixture.apply([fixture.set(amy, [.delete])])
        let newAmy = fixture.newUser("Amy@Contoso.com")
        #expect(try fixture.create([newAmy]) == [.applied])
        let refused = try fixture.apply([fixture.set(amy, [.restore(userPrincipalName: "amy@contoso.com",
                                                                    keepLicenses: ["SPE_E3"])])])
        #expect(refused.first?.refusalCode == .uniquenessViolation)
        #expect(refused.first?.violation?.fix?.contains("--new-upn") == true)
        #expect(try fixture.user("amy@contoso.com") != nil)
        #expect(try fixture.assigned()["SPE_E3"] == nil)
        let renamed = try fixture.apply([fixture.set(amy, [.restore(userPrincipalName: "amy.old@contoso.com",
                                                                    keepLicenses: ["SPE_E3"])])])
        #expect(renamed == [.applied])
        #expect(try fixture.user("amy.old@contoso.com")?.objectID == amy.objectID)
        #expect(try fixture.assigned()["SPE_E3"] == 1)
    }

    @Test func aDeletedNameCanBeReusedAndBothAreFound() throws {
        let fixture = try StoreFixture()
        let first = fixture.newUser("sam@contoso.com")
        try fixture.create([first])
        try fixture.apply([fixture.set(first, [.delete])])
        let second = fixture.newUser("sam@contoso.com")
        #expect(try fixture.create([second]) == [.applied])
        let found = try fixture.store.users(customerID: "contoso", principalNames: ["SAM@contoso.com"])
        #expect(Set(found.map(\.objectID)) == [first.objectID, second.objectID])
        #expect(found.filter(\.isDeleted).map(\.objectID) == [first.objectID])
    }

    @Test func resetPasswordReplacesTheHashAndRequiresAChange() throws {
        let fixture = try StoreFixture()
        let amy = fixture.newUser("amy@contoso.com")
        try fixture.create([amy])
        let next = try TemporaryPassword(checking: "Nq7!zR2#pLk9wX4m")
        #expect(try fixture.apply([fixture.set(amy, [.resetPassword(next)])]) == [.applied])
        #expect(try fixture.store.verifyPassword(objectID: amy.objectID, password: "Nq7!zR2#pLk9wX4m"))
        #expect(try !fixture.store.verifyPassword(objectID: amy.objectID, password: "Tz4#kP9q!mWx2vLr"))
        #expect(try fixture.user("amy@contoso.com")?.mustChangePassword == true)
    }

    @Test func setAttributesReplacesThemAndTheRoles() throws {
        let fixture = try StoreFixture()
        let amy = fixture.newUser("amy@contoso.com")
        try fixture.create([amy])
        let attributes = UserAttributes(displayName: "陳美玲", firstName: "美玲", lastName: "陳", jobTitle: "經理",
                                        department: "業務部", usageLocation: "TW", accountEnabled: false)
        try fixture.apply([fixture.set(amy, [.setAttributes(attributes, roles: ["Helpdesk Administrator"])])])
        let stored = try #require(try fixture.user("amy@contoso.com"))
        #expect(stored.attributes == attributes)
        #expect(stored.roles == ["Helpdesk Administrator"])
    }

    @Test func purgeRemovesOnlyUsersDeletedBeforeTheCutoffAndAudits() throws {
        let fixture = try StoreFixture()
        let old = fixture.newUser("old@contoso.com", licenses: ["SPE_E3"])
        let recent = fixture.newUser("recent@contoso.com")
        try fixture.create([old, recent])
        try fixture.apply([fixture.set(old, [.delete])])
        fixture.advance(days: 2)
        try fixture.apply([fixture.set(recent, [.delete])])
        fixture.advance(days: 29)
        let before = try fixture.store.changeCounter(customerID: "contoso")
        let cutoff = fixture.now.addingTimeInterval(-30 * 86_400)
        #expect(try fixture.store.purge(customerID: "contoso", deletedBefore: cutoff, role: .adminAgent,
                                         operatorName: "nightly", batchID: "p1", now: fixture.now) == 1)
        #expect(try fixture.user("old@contoso.com") == nil)
        #expect(try fixture.user("recent@contoso.com") != nil)
        #expect(try fixture.scalar("SELECT count(*) FROM assignments") == 0)
        #expect(try fixture.store.changeCounter(customerID: "contoso") == before + 1)
        let purge = try fixture.store.auditLog(batchID: "p1")
        #expect(purge.map(\.action) == ["purge"])
        #expect(purge.first?.userPrincipalName == "old@contoso.com")
    }

    @Test func purgePolicyRefusesARoleThatMayNotPurgeBeforeTheStoreWrites() throws {
        let fixture = try StoreFixture()
        let old = fixture.newUser("old@contoso.com")
        try fixture.create([old])
        try fixture.apply([fixture.set(old, [.delete])])
        let later = fixture.now.addingTimeInterval(31 * 86_400)
        #expect(throws: Violation.self) {
            try PurgePolicy.purge(fixture.store, customerID: "contoso", deletedBefore: later, role: .helpdeskAgent,
                                  operatorName: "t", batchID: "b", now: later)
        }
        #expect(try fixture.store.purgeCandidates(customerID: "contoso", deletedBefore: later).count == 1)
        #expect(try PurgePolicy.purge(fixture.store, customerID: "contoso", deletedBefore: later, role: .adminAgent,
                                      operatorName: "t", batchID: "b", now: later) == 1)
    }

    @Test func operationsOnDeletedOrMissingUsersAreRefused() throws {
        let fixture = try StoreFixture()
        let amy = fixture.newUser("amy@contoso.com")
        try fixture.create([amy])
        try fixture.apply([fixture.set(amy, [.delete])])
        let refused = try fixture.apply([fixture.set(amy, [.assign(LicenseAssignment(partNumber: "SPE_E3"))])])
        #expect(refused.first?.refusalCode == .notFound)
        let ghost = fixture.newUser("ghost@contoso.com")
        #expect(try fixture.apply([fixture.set(ghost, [.delete])]).first?.refusalCode == .notFound)
        let other = fixture.newUser("x@fabrikam.de", customer: "fabrikam")
        try fixture.create([other])
        var wrongCustomer = fixture.set(other, [.delete])
        wrongCustomer.customerID = "contoso"
        #expect(try fixture.apply([wrongCustomer]).first?.refusalCode == .notFound)
    }
}
