import Foundation
import Provisioning
import Testing
@testable import SQLiteDirectory

/// The assigned seats a batch ends with, kept in the store as valid at one change counter
/// (docs/store.md, "Seats").
@Suite struct SeatTallyTests {
    /// A new connection to the fixture's store: no memo, so it reads the tallies or counts.
    static func reopened(_ fixture: StoreFixture) throws -> SQLiteDirectory { try SQLiteDirectory(path: fixture.path) }

    /// Assigned seats per product (products with none left out) as `store` reports them.
    static func assigned(_ store: SQLiteDirectory, _ customer: String = "contoso") throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try store.seatUsage(customerID: customer).filter { $0.assigned > 0 }
            .map { ($0.partNumber, $0.assigned) })
    }

    @Test func everyKindOfChangeLeavesTalliesEqualToACount() throws {
        let fixture = try StoreFixture()
        let amy = fixture.newUser("amy@contoso.com", licenses: ["SPE_E3", "MCOMEETADV"])
        let bob = fixture.newUser("bob@contoso.com", licenses: ["SPE_E3", "EXCHANGESTANDARD"])
        let eve = fixture.newUser("eve@contoso.com", licenses: ["SPE_E3"])
        let refused = fixture.newUser("over@contoso.com", licenses: ["SPE_E3", "SPE_E3"])
        let other = fixture.newUser("ola@fabrikam.de", customer: "fabrikam", licenses: ["SPE_E3"])
        func check(_ note: Comment) throws {
            let fresh = try Self.reopened(fixture)
            #expect(try fresh.storedTallies(customerID: "contoso",
                                            counter: try fresh.changeCounter(customerID: "contoso")) != nil, note)
            #expect(try Self.assigned(fresh) == fixture.countedAssignments(), note)
            #expect(try Self.assigned(fresh, "fabrikam") == fixture.countedAssignments("fabrikam"), note)
            #expect(try fresh.integrityProblems() == [], note)
        }
        try fixture.create([amy, bob, other]); try check("creates")
        #expect(try fixture.apply([try fixture.createSet(eve), try fixture.createSet(refused)]).map(\.refusalCode)
            == [nil, .countViolation])
        try check("a refused create")
        try fixture.apply([fixture.set(amy, [.revoke(partNumber: "MCOMEETADV"),
                                             .assign(LicenseAssignment(partNumber: "EXCHANGESTANDARD"))])])
        try check("revoke and assign")
        try fixture.apply([fixture.set(bob, [.delete])]); try check("delete")
        try fixture.apply([fixture.set(bob, [.restore(userPrincipalName: "bob@contoso.com", keepLicenses: ["SPE_E3"])])])
        try check("restore")
        try fixture.apply([fixture.set(eve, [.delete])])
        fixture.advance(days: 31)
        _ = try fixture.store.purge(customerID: "contoso", deletedBefore: fixture.now.addingTimeInterval(-30 * 86_400),
                                    role: .adminAgent, operatorName: "tester", batchID: "purge", now: fixture.now)
        try check("purge")
        try fixture.store.setSeats(customerID: "contoso", partNumber: "SPE_E3", seats: 5)
        try check("seats bought")
        #expect(try Self.assigned(Self.reopened(fixture)) == ["SPE_E3": 2, "EXCHANGESTANDARD": 1])
    }

    @Test func aNewConnectionReadsTheTalliesInsteadOfCounting() throws {
        let fixture = try StoreFixture()
        try fixture.create([fixture.newUser("amy@contoso.com", licenses: ["SPE_E3"])])
        // Falsify the stored tally: only a store that reads it reports 7.
        try Connection(path: fixture.path, mode: .readWrite).execute(
            "UPDATE seat_tallies SET assigned = 7 WHERE customer_id = 'contoso' AND product = 'SPE_E3'")
        let fresh = try Self.reopened(fixture)
        #expect(try Self.assigned(fresh) == ["SPE_E3": 7])
        #expect(try fresh.integrityProblems() == ["seat tally: contoso SPE_E3 is stored as 7, counted 1"])
    }

    @Test func talliesOfAnOlderCounterAreCountedAgain() throws {
        let fixture = try StoreFixture()
        try fixture.create([fixture.newUser("amy@contoso.com", licenses: ["SPE_E3"])])
        // A write that moves the counter without the tallies (as a build without them would).
        try Connection(path: fixture.path, mode: .readWrite).execute("""
            UPDATE seat_tallies SET assigned = 7 WHERE customer_id = 'contoso';
            UPDATE customers SET change_counter = change_counter + 1 WHERE id = 'contoso';
            """)
        let fresh = try Self.reopened(fixture)
        #expect(try fresh.storedTallies(customerID: "contoso", counter: try fresh.changeCounter(customerID: "contoso")) == nil)
        #expect(try Self.assigned(fresh) == ["SPE_E3": 1])
        #expect(try fresh.integrityProblems() == [], "tallies of an old counter are not checked: they are not used")
        // The next batch counts once and stores the tallies again.
        try fresh.apply(ChangeBatch(batchID: "b", role: .adminAgent, operatorName: "tester", now: fixture.now, sets: [
            try fixture.createSet(fixture.newUser("bob@contoso.com", licenses: ["SPE_E3"])),
        ]))
        #expect(try Self.reopened(fixture).storedTallies(customerID: "contoso",
                                                         counter: try fresh.changeCounter(customerID: "contoso"))
            == ["SPE_E3": 2])
    }

    @Test func aCustomerWithNoAssignmentsHasEmptyTalliesNotMissingOnes() throws {
        let fixture = try StoreFixture()
        let amy = fixture.newUser("amy@contoso.com", licenses: ["SPE_E3"])
        try fixture.create([amy])
        try fixture.apply([fixture.set(amy, [.revoke(partNumber: "SPE_E3")])])
        let fresh = try Self.reopened(fixture)
        #expect(try fresh.storedTallies(customerID: "contoso", counter: try fresh.changeCounter(customerID: "contoso")) == [:])
        #expect(try fixture.scalar("SELECT count(*) FROM seat_tallies WHERE customer_id = 'contoso'") == 0)
    }
}
