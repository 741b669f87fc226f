import Foundation
import Testing
@testable import Provisioning

/// A job killed between a group's commit and its credentials sheet's write loses no password:
/// the store keeps the group's passwords marked undelivered, and the resumed run issues those
/// users new ones, delivered to its own sheet (docs/planner.md, "Passwords and kills").
@Suite struct CredentialDeliveryTests {
    /// Six creates and a reset; in groups of two: [u2 u3] [u4 u5] [u6 u7] [old].
    static let requests = (2...7).map { Fixture.request(.create, "u\($0)@contoso.com", line: $0) }
        + [Fixture.request(.resetPassword, "old@contoso.com", line: 8)]
    static let issued = (2...7).map { "u\($0)@contoso.com" } + ["old@contoso.com"]

    /// A directory with `old@contoso.com` in it (created by an earlier, finished batch).
    static func directory() throws -> InMemoryDirectory {
        let directory = Fixture.directory()
        try Fixture.run(directory, [Fixture.request(.create, "old@contoso.com", line: 2)], batch: "setup", seed: 9)
        return directory
    }

    /// Every user in `upns` has its current password in one of the sheets.
    static func expectDelivered(_ directory: InMemoryDirectory, _ upns: [String], sheets: [CollectingSink]) throws {
        for upn in upns {
            let user = try #require(directory.allUsers.first { $0.userPrincipalName == upn && !$0.isDeleted })
            let listed = sheets.flatMap(\.credentials).filter { $0.userPrincipalName == upn }.map { $0.password.reveal() }
            let current = try #require(directory.passwords[user.objectID])
            #expect(listed.contains(current), "the password of \(upn) that the directory accepts is in no sheet")
        }
    }

    @Test func anUninterruptedRunLeavesNoPasswordUndelivered() throws {
        let directory = try Self.directory()
        let run = try Fixture.run(directory, Self.requests, seed: 1)
        #expect(run.outcomes.allSatisfy { $0.status == .succeeded && $0.passwordIssued && $0.passwordReissue == nil })
        #expect(directory.undelivered.isEmpty)
        try Self.expectDelivered(directory, Self.issued, sheets: [run])
    }

    @Test func aKillBetweenCommitAndSheetIsMadeWholeByTheResumedRun() throws {
        let directory = try Self.directory()
        // Group 2 (u4, u5) is committed; the job dies before its passwords reach the sheet.
        let killed = try Fixture.run(directory, Self.requests, seed: 1, killAtDelivery: 2)
        #expect(killed.credentials.map(\.userPrincipalName) == ["u2@contoso.com", "u3@contoso.com"])
        #expect(try directory.undeliveredCredentials(customerID: "contoso", batchID: "batch-1").map(\.journalKey)
            == ["line 4", "line 5"])
        let audited = directory.audit.count

        let resumed = try Fixture.run(directory, Self.requests, seed: 2)
        #expect(resumed.header?.batchID == "batch-1", "the same batch resumes")
        #expect(resumed.outcomes.map(\.status) == Array(repeating: .succeeded, count: 7))
        #expect(resumed.outcomes.map(\.passwordReissue) == [nil, nil, .undelivered, .undelivered, nil, nil, nil])
        #expect(resumed.outcomes.map(\.passwordIssued) == [false, false, true, true, true, true, true])
        #expect(resumed.credentials.map(\.userPrincipalName)
            == ["u4@contoso.com", "u5@contoso.com", "u6@contoso.com", "u7@contoso.com", "old@contoso.com"])
        #expect(directory.undelivered.isEmpty)
        #expect(directory.allUsers.filter { $0.userPrincipalName.hasPrefix("u4@") }.count == 1, "u4 is not created twice")
        #expect(directory.audit.count == audited + 5, "two reissues, two creates, one reset")
        #expect(directory.audit.filter { $0.hasSuffix("reissued") }.count == 2)
        try Self.expectDelivered(directory, Self.issued, sheets: [killed, resumed])
        #expect(PasswordReissue.undelivered.description
            == "temporary password re-issued: the interrupted run's was never delivered")
    }

    @Test func aKillBetweenAReissueAndItsSheetIsMadeWholeByTheNextRun() throws {
        let directory = try Self.directory()
        let first = try Fixture.run(directory, Self.requests, seed: 1, killAtDelivery: 2)
        // The resumed run re-issues u4's and u5's passwords and dies before writing them too.
        let second = try Fixture.run(directory, Self.requests, seed: 2, killAtDelivery: 1)
        #expect(second.credentials.isEmpty)
        #expect(directory.undelivered.count == 2)
        let third = try Fixture.run(directory, Self.requests, seed: 3)
        #expect(third.outcomes.compactMap(\.passwordReissue).count == 2)
        #expect(directory.undelivered.isEmpty)
        try Self.expectDelivered(directory, Self.issued, sheets: [first, second, third])
    }

    @Test func aKillAtTheLastGroupIsMadeWholeToo() throws {
        let directory = try Self.directory()
        let killed = try Fixture.run(directory, Self.requests, seed: 1, killAtDelivery: 4)
        #expect(try directory.undeliveredCredentials(customerID: "contoso", batchID: "batch-1").map(\.userPrincipalName)
            == ["old@contoso.com"])
        let resumed = try Fixture.run(directory, Self.requests, seed: 2)
        #expect(resumed.outcomes.last?.passwordReissue == .undelivered)
        #expect(resumed.credentials.map(\.userPrincipalName) == ["old@contoso.com"])
        try Self.expectDelivered(directory, Self.issued, sheets: [killed, resumed])
    }

    @Test func aUserDeletedBeforeTheResumeIsReportedAndItsMarkCleared() throws {
        let directory = try Self.directory()
        try Fixture.run(directory, Self.requests, seed: 1, killAtDelivery: 2)
        let index = try #require(directory.allUsers.firstIndex { $0.userPrincipalName == "u4@contoso.com" })
        directory.allUsers[index].deletedAt = Fixture.now
        let resumed = try Fixture.run(directory, Self.requests, seed: 2)
        let u4 = resumed.outcomes[2]
        // The interrupted run created u4, but the directory no longer has it: not "succeeded".
        #expect(u4.status == .failed)
        #expect(u4.added.isEmpty && u4.passwordIssued == false && u4.passwordReissue == nil)
        #expect(u4.errors.map(\.code) == [.changedSinceApplied, .notFound])
        #expect(u4.errors.last?.message.hasPrefix("the temporary password the interrupted run issued was never delivered") == true)
        #expect(u4.errors.map(\.line) == [4, 4])
        #expect(resumed.outcomes[3].passwordReissue == .undelivered)
        #expect(directory.undelivered.isEmpty, "nothing is left to deliver for a deleted user")
    }

    @Test func aRunWithoutASheetMarksNothingUndelivered() throws {
        let directory = try Self.directory()
        let sink = CollectingSink()
        let job = Job(directory: directory, options: Fixture.options(), random: RandomSource(SeededGenerator(seed: 4)))
        _ = try job.run(.requests(defaultCustomerID: "contoso", input: "users.csv", batchID: "b", open: { ArrayRequestSource(Self.requests) }),
                        outputs: PreparedOutputs(outcomes: sink, credentials: nil))
        #expect(directory.undelivered.isEmpty)
    }
}
