import CSV
import Foundation
import Testing
@testable import Provisioning

/// Runs that must never strip licenses silently nor report success that is not in the
/// directory (issue 12): saved plans finish their batch, resumed rows are checked against the
/// directory, full-set runs need a Licenses column, and the safety limits stop a run whole.
@Suite struct UnattendedSafetyTests {
    /// Every outcome that says a change happened matches the directory as the run left it:
    /// each product said added is held, each said removed is not, a created user exists.
    static func expectReportMatchesDirectory(_ sink: CollectingSink, _ directory: InMemoryDirectory,
                                             sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for outcome in sink.outcomes where outcome.status == .succeeded && outcome.action != .delete {
            let user = directory.allUsers.first {
                $0.userPrincipalName.lowercased() == outcome.userPrincipalName.lowercased() && !$0.isDeleted
            }
            guard let user else {
                Issue.record("\(outcome.userPrincipalName) is reported succeeded but is not in the directory",
                             sourceLocation: sourceLocation)
                continue
            }
            let held = Set(user.licenses.map(\.partNumber))
            for product in outcome.added where !held.contains(product.partNumber) {
                Issue.record("\(user.userPrincipalName): reported added \(product.partNumber), not held",
                             sourceLocation: sourceLocation)
            }
            for product in outcome.removed where held.contains(product.partNumber) {
                Issue.record("\(user.userPrincipalName): reported removed \(product.partNumber), still held",
                             sourceLocation: sourceLocation)
            }
        }
    }

    /// Plans `requests` to a saved plan file under the base batch `batch`; returns its path.
    func savePlan(_ directory: InMemoryDirectory, _ requests: [UserRequest], batch: String = "nightly") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).json").path
        let job = Job(directory: directory, options: Fixture.options(preview: true), random: RandomSource(SeededGenerator(seed: 9)))
        let outputs = PreparedOutputs(outcomes: CollectingSink(), credentials: nil) { start in
            try PlanWriter(path: path, header: PlanHeader(batchID: start.batchID, role: .adminAgent, createdAt: Fixture.now,
                                                          input: "users.csv", exact: false, customers: start.customers))
        }
        _ = try job.run(.requests(defaultCustomerID: "contoso", input: "users.csv", batchID: batch,
                                  open: { ArrayRequestSource(requests) }), outputs: outputs)
        return path
    }

    @discardableResult
    func applyPlan(_ directory: InMemoryDirectory, _ path: String, options: JobOptions = Fixture.options()) throws -> CollectingSink {
        let sink = CollectingSink()
        let job = Job(directory: directory, options: options, random: RandomSource(SeededGenerator(seed: 4)))
        _ = try job.run(.plan(open: { try PlanReader(path: path) }), outputs: PreparedOutputs(outcomes: sink, credentials: sink))
        return sink
    }

    /// A nightly HR file: upserts (the default action).
    static let hr = [Fixture.request(.upsert, "amy@contoso.com", line: 2, licenses: ["SPE_E3", "POWER_BI_PRO"]),
                     Fixture.request(.upsert, "bo@contoso.com", line: 3, licenses: ["SPE_E3"])]
    static let revoke = [Fixture.request(.update, "amy@contoso.com", line: 2, remove: ["POWER_BI_PRO"])]

    /// The issue's repro: plan, apply the plan, revoke by hand, apply the same input. The last
    /// run is a new batch that really adds the product back, and says so truthfully.
    @Test func aFileRunAfterAnAppliedPlanIsANewBatchThatReallyApplies() throws {
        let directory = Fixture.directory()
        let path = try savePlan(directory, Self.hr)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let applied = try applyPlan(directory, path)
        Self.expectReportMatchesDirectory(applied, directory)
        #expect(directory.finishedBatches.contains { $0.hasSuffix("nightly") })
        try Fixture.run(directory, Self.revoke, batch: "revoke")
        let again = try Fixture.run(directory, Self.hr, batch: "nightly")
        #expect(again.header?.batchID == "nightly-2")
        let amy = try #require(again.outcomes.first)
        #expect(amy.status == .succeeded)
        #expect(amy.added.map(\.partNumber) == ["POWER_BI_PRO"])
        #expect(directory.allUsers.first { $0.userPrincipalName == "amy@contoso.com" }?.licenses.map(\.partNumber)
            .contains("POWER_BI_PRO") == true)
        Self.expectReportMatchesDirectory(again, directory)
    }

    @Test func reapplyingAnAppliedPlanSaysItWasAppliedNotStale() throws {
        let directory = Fixture.directory()
        let path = try savePlan(directory, Self.hr)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try applyPlan(directory, path)
        let counter = try directory.changeCounter(customerID: "contoso")
        #expect(throws: JobError.planAlreadyApplied(batchID: "nightly")) { try applyPlan(directory, path) }
        #expect(try directory.changeCounter(customerID: "contoso") == counter)
    }

    /// A killed run, then a revoke by hand, then the resume: the row the killed run applied is
    /// no longer what the directory holds, so it is not reported succeeded/added.
    @Test func aResumedRowUndoneSinceIsReportedFailedNotSucceeded() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, Self.hr, batch: "nightly", killAfter: 2)
        try Fixture.run(directory, Self.revoke, batch: "revoke")
        let resumed = try Fixture.run(directory, Self.hr, batch: "nightly")
        #expect(resumed.header?.batchID == "nightly")
        let amy = try #require(resumed.outcomes.first)
        #expect(amy.status == .failed)
        #expect(amy.added.isEmpty)
        #expect(amy.errors.map(\.code) == [.changedSinceApplied])
        #expect(amy.errors.first?.message.contains("add POWER_BI_PRO") == true)
        #expect(resumed.outcomes.last?.status == .succeeded)
        Self.expectReportMatchesDirectory(resumed, directory)
        // The next run of the input is a new batch and puts the product back.
        let next = try Fixture.run(directory, Self.hr, batch: "nightly")
        #expect(next.outcomes.first?.added.map(\.partNumber) == ["POWER_BI_PRO"])
        Self.expectReportMatchesDirectory(next, directory)
    }

    /// Every resume path ends with reports that match the directory.
    @Test(arguments: ["file", "plan", "killed", "finished"])
    func reportsMatchTheDirectoryAfterEveryResumePath(path kind: String) throws {
        let directory = Fixture.directory()
        var sinks: [CollectingSink] = []
        switch kind {
        case "file":
            sinks.append(try Fixture.run(directory, Self.hr, batch: "nightly"))
        case "plan":
            let path = try savePlan(directory, Self.hr)
            defer { try? FileManager.default.removeItem(atPath: path) }
            sinks.append(try applyPlan(directory, path))
            sinks.append(try Fixture.run(directory, Self.hr, batch: "nightly"))
        case "killed":
            sinks.append(try Fixture.run(directory, Self.hr, batch: "nightly", killAfter: 1))
            sinks.append(try Fixture.run(directory, Self.hr, batch: "nightly"))
        default:
            sinks.append(try Fixture.run(directory, Self.hr, batch: "nightly"))
            sinks.append(try Fixture.run(directory, Self.hr, batch: "nightly"))
        }
        try Fixture.run(directory, Self.revoke, batch: "revoke")
        sinks.append(try Fixture.run(directory, Self.hr, batch: "nightly"))
        // Only the last run's report speaks of the directory as it is now.
        if let last = sinks.last { Self.expectReportMatchesDirectory(last, directory) }
        #expect(directory.allUsers.first { $0.userPrincipalName == "amy@contoso.com" }?.licenses.map(\.partNumber)
            .sorted() == ["POWER_BI_PRO", "SPE_E3"])
    }

    @Test func aFullSetRunOfAFileWithoutALicensesColumnIsRefusedBeforeAnything() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, Self.hr)
        let counter = try directory.changeCounter(customerID: "contoso")
        let job = Job(directory: directory, options: Fixture.options(exact: true), random: RandomSource(SeededGenerator(seed: 3)))
        let outputs = OpenCounter()
        let open = {
            try RequestReader(bytes: Array("UserPrincipalName,Licenes\namy@contoso.com,\n".utf8),
                              csvOptions: CSVReadOptions(fileName: "d.csv"), options: IntakeOptions(defaultCustomerID: "contoso"))
        }
        #expect(throws: JobError.exactWithoutLicensesColumn(input: "d.csv")) {
            try job.run(.requests(defaultCustomerID: "contoso", input: "d.csv", batchID: "b", open: open), outputs: outputs)
        }
        #expect(outputs.checked == 0 && outputs.opened == 0)
        #expect(try directory.changeCounter(customerID: "contoso") == counter)
    }

    // MARK: Safety limits

    static func limited(removals: Int?, deletes: Int?, exact: Bool = false) -> JobOptions {
        var options = Fixture.options(exact: exact)
        options.limits = SafetyLimits(maxRemovals: removals, maxDeletes: deletes)
        return options
    }

    @Test func aRunOverTheRemovalLimitStopsBeforeWritingAndListsWhatWouldGo() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, Self.hr)
        let counter = try directory.changeCounter(customerID: "contoso")
        let strip = [Fixture.request(.update, "amy@contoso.com", line: 2, remove: ["SPE_E3", "POWER_BI_PRO"]),
                     Fixture.request(.update, "bo@contoso.com", line: 3, remove: ["SPE_E3"])]
        let sink = try Fixture.run(directory, strip, options: Self.limited(removals: 2, deletes: nil), batch: "strip")
        #expect(sink.summary?.stopped == SafetyStop(removals: 3, maxRemovals: 2, deletes: 0, maxDeletes: nil))
        #expect(sink.header?.preview == true)
        #expect(sink.outcomes.map(\.status) == [.planned, .planned])
        #expect(sink.outcomes.flatMap(\.removed).map(\.partNumber).sorted() == ["POWER_BI_PRO", "SPE_E3", "SPE_E3"])
        #expect(try directory.changeCounter(customerID: "contoso") == counter)
        #expect(directory.allUsers.allSatisfy { !$0.licenses.isEmpty })
        #expect(try !directory.isBatchFinished(customerID: "contoso", batchID: "strip"))
        // At the limit, it runs.
        let within = try Fixture.run(directory, strip, options: Self.limited(removals: 3, deletes: nil), batch: "strip")
        #expect(within.summary?.stopped == nil)
        #expect(within.outcomes.map(\.status) == [.succeeded, .succeeded])
    }

    @Test func aRunOverTheDeleteLimitStops() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, Self.hr)
        let leavers = [Fixture.request(.delete, "amy@contoso.com", line: 2), Fixture.request(.delete, "bo@contoso.com", line: 3)]
        let sink = try Fixture.run(directory, leavers, options: Self.limited(removals: nil, deletes: 1), batch: "leavers")
        #expect(sink.summary?.stopped?.deletes == 2)
        #expect(sink.summary?.stopped?.deletesExceeded == true)
        #expect(directory.allUsers.allSatisfy { !$0.isDeleted })
        #expect(sink.summary?.stopped?.description.contains("delete 2 users (limit 1)") == true)
    }

    @Test func anExactSyncCountsTheLicensesItWouldStrip() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, Self.hr)
        let sync = [Fixture.request(.upsert, "amy@contoso.com", line: 2, licenses: ["SPE_E3"]),
                    Fixture.request(.upsert, "bo@contoso.com", line: 3, licenses: ["SPE_E3"])]
        let stopped = try Fixture.run(directory, sync, options: Self.limited(removals: 0, deletes: 0, exact: true), batch: "sync")
        #expect(stopped.summary?.stopped?.removals == 1)
        #expect(directory.allUsers.first?.licenses.count == 2)
    }

    /// `Licenses` = `none` clears without `exact` too: counted.
    @Test func aNoneCellCountsTheLicensesItWouldStrip() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, Self.hr)
        var clear = Fixture.request(.update, "amy@contoso.com", line: 2)
        clear.holdsNoLicenses = true
        let stopped = try Fixture.run(directory, [clear], options: Self.limited(removals: 1, deletes: 0), batch: "clear")
        #expect(stopped.summary?.stopped?.removals == 2)
        #expect(directory.allUsers.first?.licenses.count == 2)
        let within = try Fixture.run(directory, [clear], options: Self.limited(removals: 2, deletes: 0), batch: "clear")
        #expect(within.summary?.stopped == nil)
        #expect(directory.allUsers.first?.licenses.isEmpty == true)
    }

    /// The file's quick look reads only three cells, and its bound matches the requests'.
    @Test(arguments: [
        ("UserPrincipalName,Action,RemoveLicenses,Licenses\na@contoso.com,Delete,,\nb@contoso.com,update,SPE_E3;EMS,\n"
            + "c@contoso.com,,POWER_BI_PRO,SPE_E3\nd@contoso.com,bogus,,\n", 1, 3, false),
        ("UserPrincipalName,Licenses\na@contoso.com,SPE_E3\nb@contoso.com,None\n", 0, 0, true),
        ("UserPrincipalName,Licenses\na@contoso.com,SPE_E3\nb@contoso.com,\n", 0, 0, false),
    ])
    func aFilesCensusBoundsWhatItMayTakeAway(text: String, deletes: Int, removals: Int, clears: Bool) throws {
        func open() throws -> RequestReader {
            try RequestReader(bytes: Array(text.utf8), csvOptions: CSVReadOptions(fileName: "f.csv"),
                              options: IntakeOptions(defaultCustomerID: "contoso"))
        }
        var fast = try open()
        let census = try fast.removalCensus()
        #expect(census.deletes == deletes && census.removals == removals && census.mayClearAll == clears)
        var slow = ArrayRequestSource(try Array(sequence(state: try open()) { reader in try? reader.next() }))
        #expect(try slow.removalCensus() == census)
    }

    /// The job asks the source for its census (a file's byte-level one), through any wrapper:
    /// a source whose census says "nothing to take away" is not planned a second time, so its
    /// two deletions run at a limit of one. (The CustomerMatchingSource wrapper once hid it.)
    @Test func theJobUsesTheSourcesOwnCensus() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, Self.hr)
        let leavers = [Fixture.request(.delete, "amy@contoso.com", line: 2), Fixture.request(.delete, "bo@contoso.com", line: 3)]
        let sink = CollectingSink()
        let job = Job(directory: directory, options: Self.limited(removals: nil, deletes: 1),
                      random: RandomSource(SeededGenerator(seed: 5)))
        _ = try job.run(.requests(defaultCustomerID: "contoso", input: "leavers.csv", batchID: "leavers",
                                  open: { CensusSource(requests: leavers, census: RemovalCensus()) }),
                        outputs: PreparedOutputs(outcomes: sink, credentials: sink))
        #expect(sink.summary?.stopped == nil)
        #expect(directory.allUsers.filter(\.isDeleted).count == 2)
    }

    @Test func entrasDeleteTemplateCountsEveryRowAsADelete() throws {
        let text = "version:v1.0\nUser name [userPrincipalName] Required\na@contoso.com\nb@contoso.com\n"
        var reader = try RequestReader(bytes: Array(text.utf8), csvOptions: CSVReadOptions(fileName: "d.csv"),
                                       options: IntakeOptions(defaultCustomerID: "contoso"))
        #expect(try reader.removalCensus().deletes >= 2)
    }

    @Test func aSavedPlanOverTheLimitStopsBeforeWriting() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, Self.hr)
        let path = try savePlan(directory, [Fixture.request(.delete, "amy@contoso.com", line: 2)], batch: "plan")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try applyPlan(directory, path, options: Self.limited(removals: nil, deletes: 0))
        #expect(sink.summary?.stopped?.deletes == 1)
        #expect(sink.outcomes.map(\.status) == [.planned])
        #expect(directory.allUsers.allSatisfy { !$0.isDeleted })
        #expect(try !directory.isBatchFinished(customerID: "contoso", batchID: "plan"))
    }

    @Test func reportTimesComeFromTheClockAndRulesFromNow() throws {
        let directory = Fixture.directory()
        let ticks = Ticks(start: Fixture.now.addingTimeInterval(3_600))
        var options = Fixture.options()
        options.clock = { ticks.next() }
        let sink = try Fixture.run(directory, Self.hr, options: options)
        let started = try #require(sink.header?.startedAt), finished = try #require(sink.summary?.finishedAt)
        #expect(started == Fixture.now.addingTimeInterval(3_600))
        #expect(finished > started)
        #expect(directory.allUsers.allSatisfy { $0.createdAt == Fixture.now })
    }
}

/// Requests with a census of its own choosing.
struct CensusSource: RequestSource {
    var requests: [UserRequest]
    var census: RemovalCensus
    private var index = 0
    init(requests: [UserRequest], census: RemovalCensus) {
        self.requests = requests
        self.census = census
    }
    mutating func next() throws -> UserRequest? {
        guard index < requests.count else { return nil }
        defer { index += 1 }
        return requests[index]
    }
    mutating func removalCensus() throws -> RemovalCensus { census }
}

/// A clock that moves six seconds at each reading.
final class Ticks: @unchecked Sendable {
    private let lock = NSLock()
    private var time: Date
    init(start: Date) { time = start }
    func next() -> Date {
        lock.lock()
        defer { lock.unlock() }
        defer { time = time.addingTimeInterval(6) }
        return time
    }
}

/// Outputs that count how often the job asked for them, and hand over nothing useful.
final class OpenCounter: JobOutputs {
    var checked = 0
    var opened = 0
    func check() throws { checked += 1 }
    func open(_ start: JobStart) throws -> OpenedOutputs {
        opened += 1
        return OpenedOutputs(outcomes: CollectingSink(), credentials: nil)
    }
}
