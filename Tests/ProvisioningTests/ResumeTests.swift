import Foundation
import Testing
@testable import Provisioning

/// A job killed halfway and run again resumes its batch and ends as an uninterrupted run
/// would; a finished job run again is a new batch (docs/planner.md, "Journal and batch ids").
@Suite struct ResumeTests {
    /// Row 2 wants an E3 seat while none is free; row 3 deletes an E3 holder; row 4 wants E3.
    /// Uninterrupted: row 2 fails, row 4 takes the seat row 3 freed.
    static func seatRace() -> (InMemoryDirectory, [UserRequest]) {
        let directory = Fixture.directory(seats: ["SPE_E3": 1, "POWER_BI_PRO": 5])
        return (directory, [
            Fixture.request(.create, "early@contoso.com", line: 2, licenses: ["SPE_E3"]),
            Fixture.request(.delete, "holder@contoso.com", line: 3),
            Fixture.request(.create, "late@contoso.com", line: 4, licenses: ["SPE_E3"]),
        ])
    }

    static func holders(_ directory: InMemoryDirectory) -> [String] {
        directory.allUsers.filter { !$0.isDeleted && $0.licenses.contains { $0.partNumber == "SPE_E3" } }
            .map(\.userPrincipalName).sorted()
    }

    @Test func resumingGivesFreedSeatsToTheRowsAnUninterruptedRunGivesThemTo() throws {
        let (reference, requests) = Self.seatRace()
        try Fixture.run(reference, [Fixture.request(.create, "holder@contoso.com", line: 2, licenses: ["SPE_E3"])],
                        batch: "setup")
        try Fixture.run(reference, requests, options: Fixture.options(), batch: "b")
        #expect(Self.holders(reference) == ["late@contoso.com"])

        let (directory, _) = Self.seatRace()
        try Fixture.run(directory, [Fixture.request(.create, "holder@contoso.com", line: 2, licenses: ["SPE_E3"])],
                        batch: "setup")
        var options = Fixture.options()
        options.batchSize = 1
        // Dies right after the delete (row 3) was committed.
        let killed = try Fixture.run(directory, requests, options: options, batch: "b", killAfter: 2)
        #expect(killed.outcomes.map(\.status) == [.failed, .succeeded])
        let resumed = try Fixture.run(directory, requests, options: options, batch: "b")
        #expect(Self.holders(directory) == ["late@contoso.com"], "the freed seat goes to row 4, as without the kill")
        #expect(resumed.outcomes.map(\.status) == [.failed, .succeeded, .succeeded])
        #expect(resumed.outcomes[0].errors.map(\.code) == [.countViolation])
        #expect(resumed.outcomes[0].errors.first?.line == 2)
    }

    @Test func journaledRowsAreReportedSucceededAndNotAppliedAgain() throws {
        let directory = Fixture.directory()
        let requests = [Fixture.request(.create, "ann@contoso.com", line: 2, licenses: ["POWER_BI_PRO"]),
                        Fixture.request(.create, "bob@contoso.com", line: 3)]
        var options = Fixture.options()
        options.batchSize = 1
        try Fixture.run(directory, requests, options: options, batch: "b", killAfter: 1)
        let audited = directory.audit.count
        let resumed = try Fixture.run(directory, requests, options: options, batch: "b")
        #expect(resumed.outcomes.map(\.status) == [.succeeded, .succeeded])
        #expect(resumed.credentials.map(\.userPrincipalName) == ["bob@contoso.com"], "ann's password went to the first sheet")
        #expect(directory.audit.count == audited + 1, "only bob is written")
        #expect(resumed.header?.batchID == "b")
    }

    @Test func aFinishedBatchRunAgainIsANewBatchThatRepairsDrift() throws {
        let directory = Fixture.directory()
        let requests = [Fixture.request(.upsert, "ann@contoso.com", line: 2, licenses: ["POWER_BI_PRO"])]
        try Fixture.run(directory, requests, batch: "nightly")
        // Someone removes the license by hand; the same file runs again the next night.
        let index = try #require(directory.allUsers.firstIndex { $0.userPrincipalName == "ann@contoso.com" })
        directory.allUsers[index].licenses = []
        let again = try Fixture.run(directory, requests, batch: "nightly")
        #expect(again.header?.batchID == "nightly-2")
        #expect(again.outcomes.map(\.status) == [.succeeded])
        #expect(directory.allUsers[index].licenses.map(\.partNumber) == ["POWER_BI_PRO"])
        let third = try Fixture.run(directory, requests, batch: "nightly")
        #expect(third.header?.batchID == "nightly-3")
        #expect(third.outcomes.map(\.status) == [.unchanged])
    }

    @Test func aPreviewNeitherResumesNorFinishesABatch() throws {
        let directory = Fixture.directory()
        let requests = [Fixture.request(.create, "ann@contoso.com", line: 2)]
        let preview = try Fixture.run(directory, requests, options: Fixture.options(preview: true), batch: "b")
        #expect(preview.header?.batchID == "b")
        #expect(try directory.isBatchFinished(customerID: "contoso", batchID: "b") == false)
        let applied = try Fixture.run(directory, requests, batch: "b")
        #expect(applied.header?.batchID == "b")
        #expect(try directory.isBatchFinished(customerID: "contoso", batchID: "b"))
    }

    @Test func theJournalKeyIsTheLineWhateverTheFileIsCalled() {
        let one = UserRequest(action: .create, userPrincipalName: "a@contoso.com",
                              sources: [SourceLocation(file: "users.csv", line: 12)])
        let other = UserRequest(action: .create, userPrincipalName: "a@contoso.com",
                                sources: [SourceLocation(file: "/srv/drop/./users.csv", line: 12)])
        #expect(one.journalKey == "line 12")
        #expect(one.journalKey == other.journalKey)
        let direct = UserRequest(action: .resetPassword, userPrincipalName: " Ann@Contoso.com ",
                                 sources: [SourceLocation(file: "users reset-password", line: 0)])
        #expect(direct.journalKey == "reset-password:ann@contoso.com:")
    }
}
