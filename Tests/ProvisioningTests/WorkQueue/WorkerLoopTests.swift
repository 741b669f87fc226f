import Foundation
import Testing
@testable import Provisioning
@testable import WorkQueue

/// The worker loop on the in-memory queue and directory, with a clock the test moves: leases,
/// heartbeats, take-over after a death, retries, stop requests.
@Suite struct WorkerLoopTests {
    static let start = Fixture.now

    /// Eight new users of contoso with Exchange (five seats: three fail with CountViolation), and
    /// a row of fabrikam's (another job).
    static let requests: [UserRequest] = (1...8).map { index in
        Fixture.request(.create, "user\(index)@contoso.com", line: index + 1, licenses: ["EXCHANGESTANDARD"])
    } + [Fixture.request(.create, "ada@fabrikam.de", line: 10, licenses: ["EXCHANGESTANDARD"], customer: "fabrikam")]

    static func submit(_ queue: any WorkQueue, maxAttempts: Int = 3) throws -> [Int64] {
        let spec = try QueuedJobSpec(defaultCustomerID: "contoso", batchID: "batch-1", role: .adminAgent, batchSize: 2).json()
        return try queue.enqueue(input: [], name: "users.csv",
                                 jobs: ["contoso", "fabrikam"].map { NewJob(customerID: $0, options: spec, operatorName: "ops",
                                                                          maxAttempts: maxAttempts) },
                                 now: start)
    }

    /// Runs a claimed job on `directory` as a worker would, collecting into `sink`.
    static func perform(_ lease: JobLease, _ heartbeat: Heartbeat, directory: InMemoryDirectory, sink: CollectingSink,
                        clock: ManualWorkerClock, stepPerUser: TimeInterval = 0, seed: UInt64 = 1) throws -> JobResult {
        let run = try QueuedRun(lease, heartbeat: heartbeat)
        let summary = try run.run(directory: directory, lookups: nil, open: {
            TickingSource(ArrayRequestSource(requests), clock: clock, step: stepPerUser)
        }, outputs: PreparedOutputs(outcomes: sink, credentials: sink), random: RandomSource(SeededGenerator(seed: seed)),
                                  now: Fixture.now, clock: { Fixture.now })
        return JobResult(reports: ["json": Array("\(sink.outcomes.count)".utf8)], summary: "\(summary.created)")
    }

    @Test func aWorkerRunsEachCustomersRowsAsItsOwnJob() throws {
        let queue = InMemoryWorkQueue(), directory = Fixture.directory(), clock = ManualWorkerClock(Self.start)
        let ids = try Self.submit(queue)
        let sink = CollectingSink()
        let worker = Worker(queue: queue, settings: WorkerSettings(name: "w", timer: false), clock: clock) { lease, beat in
            try Self.perform(lease, beat, directory: directory, sink: sink, clock: clock)
        }
        #expect(try worker.step() == .done(ids[0]))
        #expect(sink.outcomes.count == 8 && sink.outcomes.allSatisfy { $0.customerID == "contoso" })
        #expect(try worker.step() == .done(ids[1]))
        #expect(sink.outcomes.last?.userPrincipalName == "ada@fabrikam.de" && sink.header?.batchID == "batch-1")
        #expect(try worker.step() == .idle)
        #expect(try queue.job(id: ids[0])?.batchID == "batch-1" && queue.report(jobID: ids[0], format: "json") == Array("8".utf8))
    }

    @Test func theHeartbeatKeepsALongRunsLeaseAlive() throws {
        let queue = InMemoryWorkQueue(), directory = Fixture.directory(), clock = ManualWorkerClock(Self.start)
        let ids = try Self.submit(queue)
        var rival: JobLease?
        let worker = Worker(queue: queue, settings: WorkerSettings(name: "w", lease: 60, heartbeat: 15, timer: false),
                            clock: clock) { lease, beat in
            // 20 s per user: 160 s for contoso's rows, over two lease lengths.
            let result = try Self.perform(lease, beat, directory: directory, sink: CollectingSink(), clock: clock, stepPerUser: 20)
            rival = try queue.claim(worker: "rival", lease: 60, now: clock.now())
            return result
        }
        #expect(try worker.step() == .done(ids[0]))
        #expect(rival?.job.id == ids[1], "only fabrikam's job was free while contoso's ran: its lease never lapsed")
        #expect(try queue.job(id: ids[0])?.attempts == 1)
    }

    @Test func aKilledWorkersLeaseExpiresAndAnotherWorkerResumesFromTheJournal() throws {
        let queue = InMemoryWorkQueue(), directory = Fixture.directory(), clock = ManualWorkerClock(Self.start)
        let ids = try Self.submit(queue)
        // Worker A claims contoso's job and dies after its second group (4 users) was committed:
        // no failure, no hand-back, its heartbeat simply stops.
        let lease = try #require(try queue.claim(worker: "a", lease: 60, now: clock.now()))
        let killed = CollectingSink()
        killed.killAfter = 4
        #expect(throws: SimulatedKill.self) {
            _ = try Self.perform(lease, Heartbeat(queue: queue, lease: lease, clock: clock, interval: 15, duration: 60),
                                 directory: directory, sink: killed, clock: clock)
        }
        let survivor = CollectingSink()
        let worker = Worker(queue: queue, settings: WorkerSettings(name: "b", timer: false), clock: clock) { lease, beat in
            try Self.perform(lease, beat, directory: directory, sink: survivor, clock: clock, seed: 2)
        }
        // B is not given contoso's job while A's lease runs.
        #expect(try worker.step() == .done(ids[1]))
        #expect(try worker.step() == .idle)
        clock.advance(61)
        #expect(try worker.step() == .done(ids[0]))
        #expect(try queue.job(id: ids[0])?.attempts == 2)
        // The directory ends as after one uninterrupted run: five holders, no user twice.
        let serial = Fixture.directory()
        try Fixture.run(serial, Self.requests, options: Fixture.options(), customer: "contoso", batch: "batch-1")
        func state(_ directory: InMemoryDirectory) -> [String] {
            directory.allUsers.map { "\($0.customerID) \($0.userPrincipalName) \($0.licenses.map(\.partNumber).sorted())" }.sorted()
        }
        #expect(state(directory) == state(serial))
        #expect(directory.audit.count == Set(directory.audit).count, "no audit entry twice")
        #expect(try directory.seatUsage(customerID: "contoso").first { $0.partNumber == "EXCHANGESTANDARD" }?.assigned == 5)
        // No password lost: each contoso user's current password is in one of the two runs' credentials.
        let delivered = Dictionary((killed.credentials + survivor.credentials).map { ($0.userPrincipalName, $0.password.reveal()) },
                                   uniquingKeysWith: { _, last in last })
        for user in directory.allUsers where user.customerID == "contoso" {
            #expect(delivered[user.userPrincipalName] == directory.passwords[user.objectID], "\(user.userPrincipalName)")
        }
        #expect(survivor.outcomes.filter { $0.customerID == "contoso" }.count == 8, "the resumed run reports every row")
    }

    @Test func aJobFailingOnEveryAttemptEndsFailedAndNeverBlocksTheQueue() throws {
        let queue = InMemoryWorkQueue(), clock = ManualWorkerClock(Self.start)
        let ids = try Self.submit(queue, maxAttempts: 3)
        let worker = Worker(queue: queue, settings: WorkerSettings(name: "w", retryAfter: 10, timer: false), clock: clock) { lease, _ in
            if lease.job.customerID == "contoso" { throw SimulatedStoreFailure() }
            return JobResult(reports: [:], summary: "{}")
        }
        #expect(try worker.step() == .retrying(ids[0]))
        #expect(try worker.step() == .done(ids[1]), "another customer's job runs while the first backs off")
        #expect(try worker.step() == .idle)
        clock.advance(10)
        #expect(try worker.step() == .retrying(ids[0]))
        clock.advance(20)
        #expect(try worker.step() == .failed(ids[0]))
        clock.advance(1_000)
        #expect(try worker.step() == .idle)
        let job = try #require(try queue.job(id: ids[0]))
        #expect(job.status == .failed && job.attempts == 3 && job.lastError == "SimulatedStoreFailure()")
    }

    @Test func aCustomerLockedOutsideTheQueueHandsTheJobBack() throws {
        let queue = InMemoryWorkQueue(), directory = Fixture.directory(), clock = ManualWorkerClock(Self.start)
        let ids = try Self.submit(queue)
        let held = try directory.lock(customerID: "contoso", holder: "apply by hand", wait: 0)
        let worker = Worker(queue: queue, settings: WorkerSettings(name: "w", timer: false), clock: clock) { lease, beat in
            try Self.perform(lease, beat, directory: directory, sink: CollectingSink(), clock: clock)
        }
        #expect(try worker.step() == .handedBack(ids[0]))
        #expect(try queue.job(id: ids[0])?.attempts == 0 && queue.job(id: ids[0])?.status == .queued)
        held.release()
        #expect(try worker.step() == .done(ids[0]))
    }

    @Test func aStopRequestEndsTheLoopAndClaimsNothingMore() throws {
        let queue = InMemoryWorkQueue(), clock = ManualWorkerClock(Self.start), stop = StopSignal()
        let ids = try Self.submit(queue)
        var ran: [Int64] = []
        let worker = Worker(queue: queue, settings: WorkerSettings(name: "w", timer: false), clock: clock, stop: stop) { lease, _ in
            ran.append(lease.job.id)
            stop.raise()   // SIGTERM while the first job runs: it is finished, nothing more is claimed
            return JobResult(reports: [:], summary: "{}")
        }
        try worker.run(once: false)
        #expect(ran == [ids[0]])
        #expect(try queue.job(id: ids[0])?.status == .done && queue.job(id: ids[1])?.status == .queued)
    }

    @Test func onceDrainsTheReadyJobsAndReturns() throws {
        let queue = InMemoryWorkQueue(), clock = ManualWorkerClock(Self.start)
        _ = try Self.submit(queue)
        let worker = Worker(queue: queue, settings: WorkerSettings(name: "w", timer: false), clock: clock) { _, _ in
            JobResult(reports: [:], summary: "{}")
        }
        try worker.run(once: true)
        #expect(try queue.jobs(status: .done).count == 2)
    }
}

/// A request source that moves a test clock on by `step` seconds per request (a slow run).
struct TickingSource: RequestSource {
    var base: ArrayRequestSource
    let clock: ManualWorkerClock
    let step: TimeInterval

    init(_ base: ArrayRequestSource, clock: ManualWorkerClock, step: TimeInterval) {
        self.base = base
        self.clock = clock
        self.step = step
    }

    mutating func next() throws -> UserRequest? {
        let request = try base.next()
        if request != nil { clock.advance(step) }
        return request
    }

    var mayRemove: Bool { base.mayRemove }
}
