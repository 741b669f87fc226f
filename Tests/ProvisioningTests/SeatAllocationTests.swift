import Foundation
import Testing
@testable import Provisioning

@Suite struct SeatAllocationTests {
    @Test func seatsAreTakenInFileOrderAndTheShortfallIsCounted() throws {
        let directory = Fixture.directory(seats: ["SPE_E3": 2])
        let requests = (1...5).map { Fixture.request(.create, "u\($0)@contoso.com", line: $0 + 1, licenses: ["SPE_E3"]) }
        let sink = try Fixture.run(directory, requests)
        #expect(sink.outcomes.map(\.status) == [.succeeded, .succeeded, .failed, .failed, .failed])
        #expect(sink.outcomes[2].errors.first?.code == .countViolation)
        #expect(sink.outcomes[2].errors.first?.fix == "buy 1 more seat of Microsoft 365 E3")
        #expect(sink.outcomes[4].errors.first?.fix == "buy 3 more seats of Microsoft 365 E3")
        let totals = try #require(sink.summary?.products.first { $0.partNumber == "SPE_E3" })
        #expect(totals.purchased == 2)
        #expect(totals.assignedBefore == 0)
        #expect(totals.assignedAfter == 2)
        #expect(totals.shortfall == 3)
        #expect(try directory.seatUsage(customerID: "contoso").first { $0.partNumber == "SPE_E3" }?.assigned == 2)
    }

    @Test func aRemovalEarlierInTheFileFreesASeatForALaterRow() throws {
        let directory = Fixture.directory(seats: ["SPE_E3": 1])
        try Fixture.run(directory, [Fixture.request(.create, "old@contoso.com", line: 2, licenses: ["SPE_E3"])])
        let sink = try Fixture.run(directory, [
            Fixture.request(.update, "old@contoso.com", line: 2, remove: ["SPE_E3"]),
            Fixture.request(.create, "new@contoso.com", line: 3, licenses: ["SPE_E3"]),
        ], batch: "b2")
        #expect(sink.outcomes.map(\.status) == [.succeeded, .succeeded])
    }

    @Test func aUserRefusedForAnotherReasonGivesItsSeatBack() throws {
        let directory = Fixture.directory(seats: ["SPE_E3": 1, "MCOPSTN1": 5])
        let sink = try Fixture.run(directory, [
            Fixture.request(.create, "us@contoso.com", line: 2, licenses: ["SPE_E3", "MCOPSTN1"], location: "US"),
            Fixture.request(.create, "tw@contoso.com", line: 3, licenses: ["SPE_E3"]),
        ])
        #expect(sink.outcomes.map(\.status) == [.failed, .succeeded])
    }

    @Test func previewChangesNothingAndReportsPlanned() throws {
        let directory = Fixture.directory(seats: ["SPE_E3": 1])
        let sink = try Fixture.run(directory, [
            Fixture.request(.create, "a@contoso.com", line: 2, licenses: ["SPE_E3"]),
            Fixture.request(.create, "b@contoso.com", line: 3, licenses: ["SPE_E3"]),
        ], options: Fixture.options(preview: true))
        #expect(sink.outcomes.map(\.status) == [.planned, .failed])
        #expect(sink.header?.preview == true)
        #expect(directory.allUsers.isEmpty)
        #expect(directory.applyCalls == 0)
        #expect(sink.credentials.isEmpty)
        #expect(sink.summary?.products.first { $0.partNumber == "SPE_E3" }?.shortfall == 1)
    }
}
