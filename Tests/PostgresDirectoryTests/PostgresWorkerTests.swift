import Foundation
@testable import PostgresDirectory
import Provisioning
import Testing
import WorkQueue

/// The worker loop on PostgreSQL end to end: the queue and the directory in one schema of the
/// test cluster, a worker killed after its first group, its lease expiring, and a second
/// worker (other sessions) resuming the job from the journal.
@Suite(.enabled(if: TestDatabase.enabled, TestDatabase.skipReason))
struct PostgresWorkerTests {
    /// Six new users wanting EXCHANGESTANDARD (five seats: the last fails with CountViolation).
    static let requests: [UserRequest] = (1...6).map { index in
        UserRequest(action: .create, userPrincipalName: "pg\(index)@contoso.com",
                    attributes: AttributePatch(displayName: "PG \(index)", usageLocation: "TW"),
                    addLicenses: [LicenseRequest(product: "EXCHANGESTANDARD")],
                    sources: [SourceLocation(file: "users.csv", line: index + 1)])
    }

    static func perform(_ lease: JobLease, _ heartbeat: Heartbeat, store: PostgresDirectory, sink: QueueTestSink) throws -> JobResult {
        let summary = try QueuedRun(lease, heartbeat: heartbeat).run(
            directory: store, lookups: nil, open: { ArrayRequestSource(requests) },
            outputs: PreparedOutputs(outcomes: sink, credentials: sink), random: .system(), now: Make.now, clock: { Make.now })
        return JobResult(reports: ["json": Array("\(sink.outcomes.count)".utf8)], summary: "{\"created\":\(summary.created)}")
    }

    @Test func aKilledWorkersLeaseExpiresAndAnotherWorkerResumesTheJob() throws {
        try TestDatabase.withSchema { conninfo in
            let clock = ManualWorkerClock(Make.now)
            let submitter = try PostgresWorkQueue(url: conninfo)
            _ = try PostgresFixture.store(conninfo)
            let spec = try QueuedJobSpec(defaultCustomerID: "contoso", batchID: "pg-batch", role: .adminAgent, batchSize: 2).json()
            let ids = try submitter.enqueue(input: [], name: "users.csv",
                                            jobs: [NewJob(customerID: "contoso", options: spec, operatorName: "ops")], now: clock.now())
            // Worker A (its own sessions) commits its first group of two, then dies: no failure recorded.
            let queueA = try PostgresWorkQueue(url: conninfo), storeA = try PostgresDirectory(url: conninfo)
            let lease = try #require(try queueA.claim(worker: "a", lease: 60, now: clock.now()))
            let killed = QueueTestSink(killAfter: 2)
            #expect(throws: SimulatedDeath.self) {
                _ = try Self.perform(lease, Heartbeat(queue: queueA, lease: lease, clock: clock, interval: 15, duration: 60),
                                     store: storeA, sink: killed)
            }
            // Its session and its customer lock end with it (the advisory lock is freed by the server).
            storeA.connection.abandon()
            let queueB = try PostgresWorkQueue(url: conninfo), storeB = try PostgresDirectory(url: conninfo)
            let survivor = QueueTestSink(killAfter: nil)
            let worker = Worker(queue: queueB, settings: WorkerSettings(name: "b", timer: false), clock: clock) { lease, beat in
                try Self.perform(lease, beat, store: storeB, sink: survivor)
            }
            #expect(try worker.step() == .idle, "not while A's lease runs")
            clock.advance(61)
            #expect(try worker.step() == .done(ids[0]))
            let job = try #require(try submitter.job(id: ids[0]))
            #expect(job.status == .done && job.attempts == 2 && job.batchID == "pg-batch")
            // Five holders, each user once, and every current password handed over by one of the two runs.
            let usage = try storeB.seatUsage(customerID: "contoso").first { $0.partNumber == "EXCHANGESTANDARD" }
            #expect(usage?.assigned == 5)
            let users = try storeB.users(customerID: "contoso", principalNames: Self.requests.map(\.userPrincipalName))
            #expect(users.count == 5 && Set(users.map(\.userPrincipalName)).count == 5, "the sixth failed: CountViolation")
            #expect(survivor.outcomes.map(\.status).filter { $0 == .failed }.count == 1)
            let delivered = Set((killed.credentials + survivor.credentials).map(\.userPrincipalName))
            #expect(delivered == Set(users.map(\.userPrincipalName)))
            #expect(try storeB.undeliveredCredentials(customerID: "contoso", batchID: "pg-batch").isEmpty)
        }
    }
}

/// Thrown by a ``QueueTestSink`` told to die.
struct SimulatedDeath: Error {}

/// Outcomes and credentials in memory; dies (``SimulatedDeath``) once `killAfter` outcomes came.
final class QueueTestSink: OutcomeSink, CredentialSink {
    var outcomes: [UserOutcome] = []
    var credentials: [IssuedCredential] = []
    let killAfter: Int?

    init(killAfter: Int?) { self.killAfter = killAfter }

    func begin(_ header: RunHeader) throws {}
    func add(_ outcome: UserOutcome) throws {
        outcomes.append(outcome)
        if let killAfter, outcomes.count >= killAfter { throw SimulatedDeath() }
    }
    func finish(_ summary: RunSummary) throws {}
    func add(_ credential: IssuedCredential) throws { credentials.append(credential) }
    func finish() throws {}
}
