import Foundation
import Testing
import Provisioning
@testable import SQLiteDirectory

@Suite struct ApplyTests {
    @Test func oversubscriptionIsRefusedWithTheSeatsToBuyAndLeavesNothing() throws {
        let fixture = try StoreFixture(seats: ["SPE_E3": 2, "MCOMEETADV": 1, "EXCHANGESTANDARD": 10])
        let users = (1...3).map { fixture.newUser("u\($0)@contoso.com", licenses: ["SPE_E3", "EXCHANGESTANDARD"]) }
        let auditBefore = try fixture.store.auditLog().count
        let results = try fixture.apply(users.map { try fixture.createSet($0) }, batch: "b1")
        #expect(results[0] == .applied && results[1] == .applied)
        let violation = try #require(results[2].violation)
        #expect(violation.code == .countViolation)
        #expect(violation.fix == "buy 1 more seat of Microsoft 365 E3")
        #expect(violation.message.contains("2 purchased, 2 assigned"))
        // The refused set left no user, assignment, journal row or audit entry.
        #expect(try fixture.user("u3@contoso.com") == nil)
        #expect(try fixture.assigned() == ["SPE_E3": 2, "EXCHANGESTANDARD": 2])
        #expect(try fixture.store.journaledKeys(customerID: "contoso", batchID: "b1") == ["u1@contoso.com", "u2@contoso.com"])
        #expect(try fixture.store.auditLog().count == auditBefore + 2)
    }

    @Test func assignOverTheLimitIsRefusedButRevokeUnderOverageIsNot() throws {
        let fixture = try StoreFixture()
        let users = (1...3).map { fixture.newUser("u\($0)@contoso.com", licenses: ["SPE_E3"]) }
        try fixture.create(users)
        let extra = fixture.newUser("x@contoso.com")
        try fixture.create([extra])
        let refused = try fixture.apply([fixture.set(extra, [.assign(LicenseAssignment(partNumber: "SPE_E3"))])])
        #expect(refused.first?.refusalCode == .countViolation)
        // Seats cut below what is assigned: revoking still works, assigning still fails.
        try fixture.store.setSeats(customerID: "contoso", partNumber: "SPE_E3", seats: 1)
        #expect(try fixture.apply([fixture.set(users[0], [.revoke(partNumber: "SPE_E3")])]) == [.applied])
        #expect(try fixture.assigned()["SPE_E3"] == 2)
    }

    @Test func aUserWhoseSecondStepFailsKeepsNothingOfTheFirst() throws {
        let fixture = try StoreFixture()
        let amy = fixture.newUser("amy@contoso.com", licenses: ["MCOMEETADV"])
        let bob = fixture.newUser("bob@contoso.com")
        try fixture.create([amy, bob])
        let attributes = UserAttributes(displayName: "Bob B", department: "Ops", usageLocation: "TW")
        let results = try fixture.apply([fixture.set(bob, [.setAttributes(attributes, roles: []),
                                                           .assign(LicenseAssignment(partNumber: "EXCHANGESTANDARD")),
                                                           .assign(LicenseAssignment(partNumber: "MCOMEETADV"))])])
        #expect(results.first?.refusalCode == .countViolation)
        let stored = try #require(try fixture.user("bob@contoso.com"))
        #expect(stored.attributes.displayName == "User 2")
        #expect(stored.licenses.isEmpty)
    }

    @Test func reappliedBatchIsAlreadyAppliedAndChangesNothing() throws {
        let fixture = try StoreFixture()
        let users = (1...2).map { fixture.newUser("u\($0)@contoso.com", licenses: ["SPE_E3"]) }
        let sets = try users.map { try fixture.createSet($0) }
        #expect(try fixture.apply(sets, batch: "nightly-1") == [.applied, .applied])
        let counter = try fixture.store.changeCounter(customerID: "contoso")
        let audit = try fixture.store.auditLog().count
        #expect(try fixture.apply(sets, batch: "nightly-1") == [.alreadyApplied, .alreadyApplied])
        #expect(try fixture.store.changeCounter(customerID: "contoso") == counter)
        #expect(try fixture.store.auditLog().count == audit)
        #expect(try fixture.assigned()["SPE_E3"] == 2)
        // Another batch id is a new job: the same creates now meet taken names.
        #expect(try fixture.apply(sets, batch: "nightly-2").map(\.refusalCode) == [.uniquenessViolation, .uniquenessViolation])
    }

    @Test func aReappliedBatchIsAlreadyAppliedEvenWhenItsSeatsAreNowFull() throws {
        let fixture = try StoreFixture()
        let users = (1...3).map { fixture.newUser("full\($0)@contoso.com", licenses: ["SPE_E3"]) }
        let sets = try users.map { try fixture.createSet($0) }
        #expect(try fixture.apply(sets, batch: "full") == [.applied, .applied, .applied])
        #expect(try fixture.apply(sets, batch: "full") == [.alreadyApplied, .alreadyApplied, .alreadyApplied])
        let late = fixture.newUser("late@contoso.com", licenses: ["SPE_E3"])
        #expect(try fixture.apply(sets + [try fixture.createSet(late)], batch: "full").last?.refusalCode == .countViolation)
        #expect(try fixture.store.journaledKeys(customerID: "contoso", batchID: "full").count == 3)
    }

    @Test func uniqueNamesAreCaseInsensitiveWithinABatchAndAcrossBatches() throws {
        let fixture = try StoreFixture()
        let first = fixture.newUser("Lee@contoso.com")
        let second = fixture.newUser("lee@CONTOSO.com")
        let results = try fixture.apply([try fixture.createSet(first), try fixture.createSet(second)])
        #expect(results[0] == .applied)
        #expect(results[1].refusalCode == .uniquenessViolation)
        #expect(results[1].violation?.message.contains("lee@CONTOSO.com") == true)
        let third = fixture.newUser("LEE@contoso.com")
        #expect(try fixture.create([third]).first?.refusalCode == .uniquenessViolation)
        // The same name at another customer is fine.
        let elsewhere = fixture.newUser("lee@contoso.com", customer: "fabrikam")
        #expect(try fixture.create([elsewhere]) == [.applied])
    }

    @Test func aDuplicateObjectIDIsAUniquenessViolationNamingIt() throws {
        let fixture = try StoreFixture()
        let amy = fixture.newUser("amy@contoso.com")
        var clone = fixture.newUser("clone@contoso.com")
        clone.objectID = amy.objectID
        let results = try fixture.apply([try fixture.createSet(amy), try fixture.createSet(clone)])
        #expect(results[1].violation?.message.contains("object id") == true)
    }

    @Test func theChangeCounterMovesOncePerBatchThatAppliedSomething() throws {
        let fixture = try StoreFixture()
        let start = try fixture.store.changeCounter(customerID: "contoso")
        try fixture.create((1...5).map { fixture.newUser("u\($0)@contoso.com") })
        #expect(try fixture.store.changeCounter(customerID: "contoso") == start + 1)
        #expect(try fixture.store.changeCounter(customerID: "fabrikam") == 1)
        let taken = fixture.newUser("u1@contoso.com")
        try fixture.create([taken])
        #expect(try fixture.store.changeCounter(customerID: "contoso") == start + 1)
    }

    @Test func unknownProductsAndCustomersAreRefused() throws {
        let fixture = try StoreFixture()
        let amy = fixture.newUser("amy@contoso.com", licenses: ["NOPE"])
        #expect(try fixture.create([amy]).first?.violation?.message == "product 'NOPE' is not in the catalog")
        #expect(try fixture.user("amy@contoso.com") == nil)
        let stranger = fixture.newUser("x@nowhere.com", customer: "nowhere")
        #expect(try fixture.create([stranger]).first?.refusalCode == .notFound)
    }

    @Test func seatsCountedByAnotherConnectionAreSeenByTheNextBatch() throws {
        let fixture = try StoreFixture()
        try fixture.create([fixture.newUser("a@contoso.com", licenses: ["SPE_E3"])])
        // A second store object (another job) takes the two remaining seats.
        let other = try SQLiteDirectory(path: fixture.path)
        let b = fixture.newUser("b@contoso.com", licenses: ["SPE_E3"])
        let c = fixture.newUser("c@contoso.com", licenses: ["SPE_E3"])
        _ = try other.apply(ChangeBatch(batchID: "other", role: .adminAgent, operatorName: "o", now: fixture.now,
                                        sets: [try fixture.createSet(b), try fixture.createSet(c)]))
        // The first store's seat memo is stale; the moved change counter makes it recount.
        let d = fixture.newUser("d@contoso.com", licenses: ["SPE_E3"])
        #expect(try fixture.create([d]).first?.refusalCode == .countViolation)
        #expect(try fixture.assigned()["SPE_E3"] == 3)
    }

    @Test func auditEntriesNameOperatorRoleBatchAndChange() throws {
        let fixture = try StoreFixture()
        let amy = fixture.newUser("amy@contoso.com", licenses: ["SPE_E3"])
        try fixture.apply([try fixture.createSet(amy)], batch: "batch-42", role: .userManagementAdmin)
        let entry = try #require(try fixture.store.auditLog(batchID: "batch-42").first)
        #expect(entry.action == "create")
        #expect(entry.operatorName == "tester")
        #expect(entry.role == "user-management-admin")
        #expect(entry.customerID == "contoso")
        #expect(entry.objectID == amy.objectID)
        #expect(entry.at == "2026-11-01T00:00:00.000Z")
        let detail = try JSONSerialization.jsonObject(with: Data(entry.detail.utf8)) as? [String: Any]
        #expect(detail?["passwordIssued"] as? Bool == true)
        #expect(detail?["licenses"] as? [String] == ["SPE_E3"])
    }
}
