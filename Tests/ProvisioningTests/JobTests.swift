import Foundation
import Testing
@testable import Provisioning

@Suite struct JobTests {
    @Test func applyingTheSameInputTwiceIsIdempotent() throws {
        let directory = Fixture.directory()
        let requests = [Fixture.request(.upsert, "ann@contoso.com", line: 2, licenses: ["SPE_E3"]),
                        Fixture.request(.upsert, "bob@contoso.com", line: 3, licenses: ["POWER_BI_PRO"])]
        let first = try Fixture.run(directory, requests)
        #expect(first.outcomes.map(\.status) == [.succeeded, .succeeded])
        #expect(first.credentials.count == 2)
        let counter = try directory.changeCounter(customerID: "contoso")
        let second = try Fixture.run(directory, requests, batch: "batch-2")
        #expect(second.outcomes.map(\.status) == [.unchanged, .unchanged])
        #expect(second.credentials.isEmpty)
        #expect(try directory.changeCounter(customerID: "contoso") == counter)
        #expect(directory.allUsers.count == 2)
    }

    @Test func exactSyncRemovesProductsNotListed() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, [Fixture.request(.create, "ann@contoso.com", line: 2, licenses: ["SPE_E3", "POWER_BI_PRO"])])
        let sink = try Fixture.run(directory, [Fixture.request(.upsert, "ann@contoso.com", line: 2, licenses: ["POWER_BI_PRO"])],
                                   options: Fixture.options(exact: true), batch: "b2")
        let outcome = try #require(sink.outcomes.first)
        #expect(outcome.status == .succeeded)
        #expect(outcome.removed.map(\.partNumber) == ["SPE_E3"])
        #expect(outcome.unchanged.map(\.partNumber) == ["POWER_BI_PRO"])
        #expect(directory.allUsers[0].licenses.map(\.partNumber) == ["POWER_BI_PRO"])
    }

    @Test func withoutExactUnlistedProductsStay() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, [Fixture.request(.create, "ann@contoso.com", line: 2, licenses: ["SPE_E3"])])
        try Fixture.run(directory, [Fixture.request(.upsert, "ann@contoso.com", line: 2, licenses: ["POWER_BI_PRO"])], batch: "b2")
        #expect(directory.allUsers[0].licenses.map(\.partNumber).sorted() == ["POWER_BI_PRO", "SPE_E3"])
    }

    @Test func allOrNothingAppliesNothingWhenOneUserWouldFail() throws {
        let directory = Fixture.directory()
        let sink = try Fixture.run(directory, [
            Fixture.request(.create, "ann@contoso.com", line: 2, licenses: ["SPE_E3"]),
            Fixture.request(.create, "bob@contoso.com", line: 3, licenses: ["NOPE"]),
            Fixture.request(.create, "cai@contoso.com", line: 4),
        ], options: Fixture.options(allOrNothing: true))
        #expect(sink.outcomes.map(\.status) == [.skipped, .failed, .skipped])
        #expect(directory.allUsers.isEmpty)
        #expect(sink.credentials.isEmpty)
    }

    @Test func allOrNothingAppliesEverythingWhenAllSucceed() throws {
        let directory = Fixture.directory()
        let sink = try Fixture.run(directory, [Fixture.request(.create, "ann@contoso.com", line: 2)],
                                   options: Fixture.options(allOrNothing: true))
        #expect(sink.outcomes.map(\.status) == [.succeeded])
    }

    @Test func aSetRefusedByTheStoreLeavesNoTraceAndOthersApply() throws {
        let directory = Fixture.directory(seats: ["SPE_E3": 2])
        // Another writer takes a seat behind the planner's back: the store's re-check refuses
        // the user that would oversubscribe, atomically.
        let sneaky = User(objectID: "00000000-0000-4000-8000-000000000001", customerID: "contoso",
                          userPrincipalName: "sneaky@contoso.com", attributes: UserAttributes(displayName: "S", usageLocation: "TW"),
                          createdAt: Fixture.now, licenses: [LicenseAssignment(partNumber: "SPE_E3")])
        let requests = [Fixture.request(.create, "a@contoso.com", line: 2, licenses: ["SPE_E3"]),
                        Fixture.request(.create, "b@contoso.com", line: 3, licenses: ["SPE_E3"])]
        let sink = CollectingSink()
        let job = Job(directory: directory, options: Fixture.options(), random: RandomSource(SeededGenerator(seed: 3)))
        var opened = 0
        _ = try job.run(.requests(defaultCustomerID: "contoso", input: "users.csv", batchID: "b", open: {
            opened += 1
            if opened == 2 { directory.allUsers.append(sneaky) }   // after the customer scan, before planning reads seats
            return ArrayRequestSource(requests)
        }), outputs: PreparedOutputs(outcomes: sink, credentials: sink))
        #expect(sink.outcomes.map(\.status).filter { $0 == .succeeded }.count == 1)
        #expect(sink.credentials.count == 1)
        #expect(try directory.seatUsage(customerID: "contoso").first { $0.partNumber == "SPE_E3" }?.assigned == 2)
    }

    @Test func deleteReleasesSeatsAndRestoreBringsBackWhatFits() throws {
        let directory = Fixture.directory(seats: ["SPE_E3": 1, "POWER_BI_PRO": 5])
        try Fixture.run(directory, [Fixture.request(.create, "ann@contoso.com", line: 2, licenses: ["SPE_E3", "POWER_BI_PRO"])])
        let deleted = try Fixture.run(directory, [Fixture.request(.delete, "ann@contoso.com", line: 2)], batch: "b2")
        #expect(deleted.outcomes.first?.removed.count == 2)
        #expect(try directory.seatUsage(customerID: "contoso").allSatisfy { $0.assigned == 0 })
        try Fixture.run(directory, [Fixture.request(.create, "bob@contoso.com", line: 2, licenses: ["SPE_E3"])], batch: "b3")
        let restored = try Fixture.run(directory, [Fixture.request(.restore, "ann@contoso.com", line: 2)],
                                       options: Fixture.options(now: Fixture.now.addingTimeInterval(29 * 86_400)), batch: "b4")
        let outcome = try #require(restored.outcomes.first)
        #expect(outcome.status == .succeeded)
        #expect(outcome.added.map(\.partNumber) == ["POWER_BI_PRO"])
        #expect(outcome.errors.first?.code == .countViolation)
        #expect(outcome.errors.first?.fix?.contains("buy 1 more seat of Microsoft 365 E3") == true)
        #expect(try directory.seatUsage(customerID: "contoso").first { $0.partNumber == "SPE_E3" }?.assigned == 1)
    }

    @Test func restoreAfterThirtyDaysFailsWithWindowExpired() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, [Fixture.request(.create, "ann@contoso.com", line: 2)])
        try Fixture.run(directory, [Fixture.request(.delete, "ann@contoso.com", line: 2)], batch: "b2")
        let sink = try Fixture.run(directory, [Fixture.request(.restore, "ann@contoso.com", line: 2)],
                                   options: Fixture.options(now: Fixture.now.addingTimeInterval(31 * 86_400)), batch: "b3")
        #expect(sink.outcomes.first?.errors.first?.code == .restoreWindowExpired)
    }

    @Test func restoreOfANameTakenSinceIsAUniquenessViolationUnlessRenamed() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, [Fixture.request(.create, "ann@contoso.com", line: 2)])
        try Fixture.run(directory, [Fixture.request(.delete, "ann@contoso.com", line: 2)], batch: "b2")
        try Fixture.run(directory, [Fixture.request(.create, "ann@contoso.com", line: 2)], batch: "b3")
        let refused = try Fixture.run(directory, [Fixture.request(.restore, "ann@contoso.com", line: 2)], batch: "b4")
        #expect(refused.outcomes.first?.errors.first?.code == .uniquenessViolation)
        var renamed = Fixture.request(.restore, "ann@contoso.com", line: 2)
        renamed.newUserPrincipalName = "ann.old@contoso.com"
        let sink = try Fixture.run(directory, [renamed], batch: "b5")
        #expect(sink.outcomes.first?.status == .succeeded)
        #expect(directory.allUsers.filter { !$0.isDeleted }.map(\.userPrincipalName).sorted() == ["ann.old@contoso.com", "ann@contoso.com"])
    }

    @Test func permissionsAreEnforcedPerUser() throws {
        let directory = Fixture.directory()
        let sales = try Fixture.run(directory, [Fixture.request(.create, "ann@contoso.com", line: 2)],
                                    options: Fixture.options(.salesAgent))
        #expect(sales.outcomes.first?.errors.first?.code == .permissionDenied)
        try Fixture.run(directory, [Fixture.request(.create, "ann@contoso.com", line: 2)], batch: "b2")
        let assign = try Fixture.run(directory, [Fixture.request(.update, "ann@contoso.com", line: 2, licenses: ["SPE_E3"])],
                                     options: Fixture.options(.salesAgent), batch: "b3")
        #expect(assign.outcomes.first?.status == .succeeded)
        let delete = try Fixture.run(directory, [Fixture.request(.delete, "ann@contoso.com", line: 2)],
                                     options: Fixture.options(.helpdeskAgent), batch: "b4")
        #expect(delete.outcomes.first?.errors.first?.code == .permissionDenied)
    }

    @Test func helpdeskMayNotResetAnAdministratorsPassword() throws {
        let directory = Fixture.directory()
        var admin = Fixture.request(.create, "root@contoso.com", line: 2)
        admin.attributes.roles = ["Global Administrator"]
        try Fixture.run(directory, [admin, Fixture.request(.create, "ann@contoso.com", line: 3)])
        let sink = try Fixture.run(directory, [Fixture.request(.resetPassword, "root@contoso.com", line: 2),
                                               Fixture.request(.resetPassword, "ann@contoso.com", line: 3)],
                                   options: Fixture.options(.helpdeskAgent), batch: "b2")
        #expect(sink.outcomes.map(\.status) == [.failed, .succeeded])
        #expect(sink.credentials.map(\.userPrincipalName) == ["ann@contoso.com"])
    }

    @Test func aResumedBatchDoesNotResetTwice() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, [Fixture.request(.create, "ann@contoso.com", line: 2)])
        let reset = [Fixture.request(.resetPassword, "ann@contoso.com", line: 2)]
        // Killed after its group was committed, before the run ended.
        let first = try Fixture.run(directory, reset, batch: "nightly", killAfter: 1)
        let again = try Fixture.run(directory, reset, batch: "nightly")
        #expect(first.credentials.count == 1)
        #expect(again.outcomes.first?.status == .succeeded)
        #expect(again.credentials.isEmpty, "the journal says it was applied: no second password")
    }

    @Test func rowsForSeveralCustomersAreGroupedAndUnknownCustomersFail() throws {
        let directory = Fixture.directory()
        let sink = try Fixture.run(directory, [
            Fixture.request(.create, "a@fabrikam.de", line: 2, customer: "fabrikam"),
            Fixture.request(.create, "b@contoso.com", line: 3, customer: "contoso"),
            Fixture.request(.create, "c@fabrikam.de", line: 4, customer: "fabrikam"),
            Fixture.request(.create, "d@nowhere.com", line: 5, customer: "nowhere"),
        ], customer: nil)
        #expect(sink.outcomes.map(\.customerID) == ["fabrikam", "fabrikam", "contoso", "nowhere"])
        #expect(sink.outcomes.map(\.status) == [.succeeded, .succeeded, .succeeded, .failed])
        #expect(directory.allUsers.first { $0.userPrincipalName == "a@fabrikam.de" }?.attributes.usageLocation == "DE")
    }

    @Test func unknownCustomerOptionIsAJobError() throws {
        #expect(throws: JobError.self) { try Fixture.run(Fixture.directory(), [], customer: "nope") }
    }

    @Test func aLockedCustomerFailsFast() throws {
        let directory = Fixture.directory()
        let held = try directory.lock(customerID: "contoso", holder: "other", wait: 0)
        defer { held.release() }
        #expect(throws: LockBusy.self) { try Fixture.run(directory, [Fixture.request(.create, "a@contoso.com", line: 2)]) }
        #expect(directory.allUsers.isEmpty)
    }
}

@Suite struct CreateRerunTests {
    @Test func reRunningACreateFileReportsUnchangedNotTaken() throws {
        let directory = Fixture.directory()
        let requests = [Fixture.request(.create, "ann@contoso.com", line: 2, licenses: ["SPE_E3"])]
        try Fixture.run(directory, requests)
        let again = try Fixture.run(directory, requests, batch: "b2")
        #expect(again.outcomes.map(\.status) == [.unchanged])
        let different = try Fixture.run(directory, [Fixture.request(.create, "ann@contoso.com", line: 2, licenses: ["POWER_BI_PRO"])],
                                        batch: "b3")
        #expect(different.outcomes.first?.errors.first?.code == .uniquenessViolation)
    }
}
