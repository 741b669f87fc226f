import Foundation
import Testing
@testable import Provisioning

/// A job that applies each group on a thread of its own while it plans the next (the command
/// line's way, `Job`'s `lookups`) ends exactly as one that takes turns, and leaves nothing
/// running when it stops on an error.
@Suite struct OverlappedApplyTests {
    /// Existing users: ann (E3), bob (Power BI), cat (E3).
    static func directory() throws -> InMemoryDirectory {
        let directory = Fixture.directory(seats: ["SPE_E3": 4, "POWER_BI_PRO": 5, "EXCHANGESTANDARD": 5,
                                                  "MCOMEETADV": 5])
        try Fixture.run(directory, [
            Fixture.request(.create, "ann@contoso.com", line: 2, licenses: ["SPE_E3"]),
            Fixture.request(.create, "bob@contoso.com", line: 3, licenses: ["POWER_BI_PRO"]),
            Fixture.request(.create, "cat@contoso.com", line: 4, licenses: ["SPE_E3"]),
        ], batch: "setup", seed: 99, overlapped: false)
        return directory
    }

    /// Eleven rows over six groups of two: creates, updates, a delete, license changes, a
    /// duplicate name, a product without seats left, one the catalog lacks, a rule violation.
    static let requests = [
        Fixture.request(.create, "dan@contoso.com", line: 2, licenses: ["SPE_E3"]),
        Fixture.request(.update, "ann@contoso.com", line: 3, licenses: ["POWER_BI_PRO"], remove: ["SPE_E3"]),
        Fixture.request(.create, "eve@contoso.com", line: 4, licenses: ["SPE_E3"]),
        Fixture.request(.create, "fay@contoso.com", line: 5, licenses: ["SPE_E3"]),
        Fixture.request(.create, "gus@contoso.com", line: 6, licenses: ["SPE_E3"]),
        Fixture.request(.delete, "cat@contoso.com", line: 7),
        Fixture.request(.create, "dan@contoso.com", line: 8),
        Fixture.request(.create, "hal@contoso.com", line: 9, licenses: ["NOT_A_PRODUCT"]),
        Fixture.request(.upsert, "bob@contoso.com", line: 10, licenses: ["MCOMEETADV"]),
        Fixture.request(.create, "ivy@contoso.com", line: 11, licenses: ["EXCHANGESTANDARD"]),
        Fixture.request(.create, "jon@contoso.com", line: 12, licenses: ["SPE_E3"]),
    ]

    /// What a run leaves: every outcome, every sheet row, every user with its licenses and
    /// password, and the journal.
    static func trace(_ sink: CollectingSink, _ directory: InMemoryDirectory) -> [String] {
        sink.outcomes.map { "\($0.userPrincipalName) \($0.status) \($0.errors) +\($0.added) -\($0.removed) \($0.passwordIssued)" }
            + sink.credentials.map { "sheet \($0.userPrincipalName) \($0.password.reveal())" }
            + directory.allUsers.map { user in
                "user \(user.objectID) \(user.userPrincipalName) \(user.licenses.map(\.partNumber).sorted()) "
                    + "\(user.deletedAt.map { "\($0)" } ?? "active") \(directory.passwords[user.objectID] ?? "-")"
            }
            + directory.journal.sorted()
    }

    @Test func overlappedAndInTurnEndAlike() throws {
        let inTurn = try Self.directory(), overlapped = try Self.directory()
        let first = try Fixture.run(inTurn, Self.requests, batch: "b", seed: 7, overlapped: false)
        let second = try Fixture.run(overlapped, Self.requests, batch: "b", seed: 7, overlapped: true)
        #expect(Self.trace(second, overlapped) == Self.trace(first, inTurn))
        // The mix did what it says: failures of several kinds beside successes.
        #expect(Set(first.outcomes.map(\.status)) == [.succeeded, .failed])
        #expect(Set(first.outcomes.flatMap(\.errors).map(\.code)).isSuperset(of: [.uniquenessViolation, .countViolation]))
        #expect(inTurn.applyCalls == overlapped.applyCalls)
    }

    @Test func aKilledOverlappedRunResumesToTheSameEnd() throws {
        let reference = try Self.directory()
        let uninterrupted = try Fixture.run(reference, Self.requests, batch: "b", seed: 7, overlapped: false)
        for killAfter in 1...10 {
            let directory = try Self.directory()
            let killed = try Fixture.run(directory, Self.requests, batch: "b", seed: 7, killAfter: killAfter)
            #expect(!directory.isApplying, "the job waited for its group in flight (kill after \(killAfter))")
            let resumed = try Fixture.run(directory, Self.requests, batch: "b", seed: 8)
            #expect(resumed.outcomes.map(\.status) == uninterrupted.outcomes.map(\.status), "kill after \(killAfter)")
            let holders = { (directory: InMemoryDirectory) in
                directory.allUsers.map { "\($0.userPrincipalName) \($0.licenses.map(\.partNumber).sorted()) \($0.isDeleted)" }
            }
            #expect(holders(directory) == holders(reference), "kill after \(killAfter)")
            // Every user created has, in one of the two sheets, the password the directory holds.
            for user in directory.allUsers where !["ann", "bob", "cat"].contains(user.userPrincipalName.prefix(3)) {
                let sheets = (killed.credentials + resumed.credentials).filter { $0.userPrincipalName == user.userPrincipalName }
                #expect(sheets.last?.password.reveal() == directory.passwords[user.objectID],
                        "\(user.userPrincipalName), kill after \(killAfter)")
            }
        }
    }

    @Test func aStoreFailureInAGroupInFlightStopsTheJobWithNothingLeftRunning() throws {
        let directory = try Self.directory()
        directory.applyCalls = 0
        directory.failingApplyCall = 2
        directory.applyDelay = 0.02
        let sink = CollectingSink()
        let job = Job(directory: directory, options: Fixture.options(), random: RandomSource(SeededGenerator(seed: 1)),
                      lookups: directory)
        #expect(throws: SimulatedStoreFailure.self) {
            _ = try job.run(.requests(defaultCustomerID: "contoso", input: "users.csv", batchID: "b", open: { ArrayRequestSource(Self.requests) }),
                        outputs: PreparedOutputs(outcomes: sink, credentials: sink))
        }
        #expect(!directory.isApplying)
        #expect(directory.applyCalls == 2, "no group starts after the failing one")
        #expect(sink.outcomes.map(\.userPrincipalName) == ["dan@contoso.com", "ann@contoso.com"],
                "only the first group, which the store committed, is reported")
        #expect(sink.credentials.map(\.userPrincipalName) == ["dan@contoso.com"])
    }

    @Test func aReportFailureWaitsForTheGroupInFlight() throws {
        let directory = try Self.directory()
        directory.applyCalls = 0
        directory.applyDelay = 0.05
        // The report dies on the first outcome, emitted while the second group is being applied.
        let killed = try Fixture.run(directory, Self.requests, batch: "b", killAfter: 1)
        #expect(killed.outcomes.count == 1)
        #expect(!directory.isApplying, "the second group ended before the job returned")
        #expect(directory.applyCalls == 2)
        // Its passwords (eve's, fay's) were committed and never reached a sheet: they stay undelivered.
        #expect(try directory.undeliveredCredentials(customerID: "contoso", batchID: "b").map(\.userPrincipalName)
            == ["eve@contoso.com", "fay@contoso.com"])
    }

    /// A user named by name in one row and by object id in another (a chunk later, so read
    /// before the first row's change may have been committed) is refused as a duplicate in
    /// both orders, overlapped or not: the outcome does not depend on what the look-up saw.
    @Test(arguments: [false, true])
    func aUserNamedByNameAndByObjectIDIsADuplicateWhateverTheLookUpSaw(nameFirst: Bool) throws {
        var outcomes: [[String]] = []
        for overlapped in [false, true] {
            let directory = try Self.directory()
            let ann = try #require(directory.allUsers.first { $0.userPrincipalName == "ann@contoso.com" })
            let byName = { (line: Int) in Fixture.request(.delete, "ann@contoso.com", line: line) }
            let byID = { (line: Int) in
                UserRequest(action: .restore, userPrincipalName: "", objectID: ann.objectID.uppercased(),
                            sources: [SourceLocation(file: "users.csv", line: line)])
            }
            let fillers = (3...8).map { Fixture.request(.create, "f\($0)@contoso.com", line: $0) }
            let requests = nameFirst ? [byName(2)] + fillers + [byID(9)] : [byID(2)] + fillers + [byName(9)]
            // Another seed than the set-up run's, so that new users get other object ids than ann.
            let sink = try Fixture.run(directory, requests, batch: "b", seed: 5, overlapped: overlapped)
            let last = try #require(sink.outcomes.last)
            #expect(last.status == .failed)
            #expect(last.errors.map(\.code) == [.uniquenessViolation])
            #expect(last.errors.first?.message.contains("line 2") == true, "\(last.errors.map(\.message))")
            outcomes.append(sink.outcomes.map { "\($0.status) \($0.errors.map(\.code))" })
        }
        #expect(outcomes[0] == outcomes[1])
    }
}
