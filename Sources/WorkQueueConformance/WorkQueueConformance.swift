import Foundation
import WorkQueue

// Design note: as DirectoryConformance does for the store seam, these are the rules of
// ``WorkQueue`` that every backend (in memory, SQLite, PostgreSQL) must pass, written once.
// Checks return their failures as text, so the library needs no test framework; each backend's
// test target runs every check by name with its own `#expect`. A factory gives a fresh, empty
// queue and a way to open more handles on it (other workers' connections).

/// An empty queue under a check, and more handles on it.
public struct QueueUnderTest {
    /// The first handle.
    public var queue: any WorkQueue
    /// Opens another handle on the same queue (another worker's connection).
    public var open: () throws -> any WorkQueue

    /// Creates one.
    public init(queue: any WorkQueue, open: @escaping () throws -> any WorkQueue) {
        self.queue = queue
        self.open = open
    }
}

/// The checks every queue backend must pass.
public enum WorkQueueConformance {
    /// Builds a fresh, empty queue.
    public typealias Factory = () throws -> QueueUnderTest

    struct Check {
        var name: String
        var body: (QueueUnderTest, inout [String]) throws -> Void
    }

    /// The names of every check, for a parameterised test.
    public static var names: [String] { checks.map(\.name) }

    /// Runs the check named `name` against a fresh queue from `factory`.
    /// - Returns: the failures (none: passed); a thrown error is one.
    public static func run(_ name: String, factory: Factory) -> [String] {
        guard let check = checks.first(where: { $0.name == name }) else { return ["no check named \(name)"] }
        var failures: [String] = []
        do {
            try check.body(try factory(), &failures)
        } catch {
            failures.append("threw \(error)")
        }
        return failures
    }

    static let start = Date(timeIntervalSince1970: 1_793_491_200)
    static let input = Array("UserPrincipalName,DisplayName\nada@contoso.com,Ada\n".utf8)

    static func enqueue(_ queue: any WorkQueue, _ customers: [String], maxAttempts: Int = 3) throws -> [Int64] {
        try queue.enqueue(input: input, name: "users.csv",
                          jobs: customers.map { NewJob(customerID: $0, options: "{\"k\":1}", operatorName: "ops",
                                                       maxAttempts: maxAttempts) },
                          now: start)
    }

    static func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    static var checks: [Check] { [
        Check(name: "claimOrderAndOneJobPerCustomer") { under, failures in
            let queue = under.queue
            let ids = try enqueue(queue, ["contoso", "contoso", "fabrikam"])
            let first = try queue.claim(worker: "a", lease: 60, now: start)
            expect(first?.job.id == ids[0] && first?.attempt == 1 && first?.job.status == .running,
                   "the first claim takes the oldest job, attempt 1: got \(String(describing: first))", &failures)
            let second = try queue.claim(worker: "b", lease: 60, now: start)
            expect(second?.job.id == ids[2], "contoso's second job waits for its first: got \(String(describing: second?.job.id))", &failures)
            expect(try queue.claim(worker: "c", lease: 60, now: start) == nil, "nothing else is ready", &failures)
            guard let first else { return }
            try queue.complete(first, result: JobResult(reports: ["json": [1, 2], "text": [3]], summary: "{}"), now: at(5))
            expect(try queue.claim(worker: "c", lease: 60, now: at(5))?.job.id == ids[1], "after the first is done, the second", &failures)
            expect(try queue.report(jobID: ids[0], format: "json") == [1, 2], "the stored report", &failures)
            expect(try queue.report(jobID: ids[0], format: "html") == nil, "no report in a format not stored", &failures)
            let done = try queue.job(id: ids[0])
            expect(done?.status == .done && done?.finishedAt == at(5) && done?.summary == "{}", "done: \(String(describing: done))", &failures)
        },
        Check(name: "inputStoredOnceByDigest") { under, failures in
            let queue = under.queue
            let ids = try enqueue(queue, ["contoso", "fabrikam"])
            _ = try enqueue(queue, ["contoso"])
            let jobs = try queue.jobs(status: nil)
            expect(jobs.prefix(2).map(\.id) == ids, "listed in id order", &failures)
            expect(Set(jobs.map(\.inputDigest)) == [InputDigest.sha256Hex(input)], "one digest", &failures)
            expect(try queue.input(digest: InputDigest.sha256Hex(input)) == input, "the bytes come back", &failures)
            expect(jobs.first?.operatorName == "ops" && jobs.first?.options == "{\"k\":1}" && jobs.first?.inputName == "users.csv"
                   && jobs.first?.submittedAt == start && jobs.first?.maxAttempts == 3, "the fields: \(String(describing: jobs.first))", &failures)
            expect(try queue.jobs(status: .queued).count == 3 && queue.jobs(status: .done).isEmpty, "by status", &failures)
            do {
                _ = try queue.input(digest: "00")
                failures.append("a missing input is refused")
            } catch WorkQueueError.inputMissing {}
        },
        Check(name: "expiredLeaseTakenOverOldHolderRefused") { under, failures in
            let queue = under.queue
            let ids = try enqueue(queue, ["contoso"])
            guard let old = try queue.claim(worker: "a", lease: 60, now: start) else { return failures.append("no claim") }
            expect(try queue.claim(worker: "b", lease: 60, now: at(59)) == nil, "not before the lease ends", &failures)
            let renewed = try queue.renew(old, for: 60, progress: 7, now: at(59))
            expect(try queue.claim(worker: "b", lease: 60, now: at(100)) == nil, "renewed until 119", &failures)
            expect(try queue.job(id: ids[0])?.progress == 7, "progress recorded", &failures)
            let taken = try queue.claim(worker: "b", lease: 60, now: at(120))
            expect(taken?.job.id == ids[0] && taken?.attempt == 2 && taken?.worker == "b", "taken over as attempt 2", &failures)
            for (what, call) in [("renew", { _ = try queue.renew(renewed, for: 60, progress: 8, now: at(121)) }),
                                 ("complete", { try queue.complete(renewed, result: JobResult(reports: [:], summary: "{}"), now: at(121)) }),
                                 ("fail", { try queue.fail(renewed, error: "x", retryAfter: 0, final: false, now: at(121)) }),
                                 ("hand back", { try queue.handBack(renewed, now: at(121)) })] as [(String, () throws -> Void)] {
                do {
                    try call()
                    failures.append("the old holder's \(what) is refused")
                } catch WorkQueueError.leaseLost(let id) where id == ids[0] {}
            }
            expect(try queue.job(id: ids[0])?.worker == "b", "still b's", &failures)
        },
        Check(name: "workersKeepDyingFailsForGood") { under, failures in
            let queue = under.queue
            let ids = try enqueue(queue, ["contoso", "contoso"], maxAttempts: 2)
            _ = try queue.claim(worker: "w1", lease: 60, now: start)
            _ = try queue.claim(worker: "w2", lease: 60, now: at(61))
            let next = try queue.claim(worker: "w3", lease: 60, now: at(122))
            expect(next?.job.id == ids[1], "the exhausted job no longer blocks its customer: got \(String(describing: next?.job.id))", &failures)
            let failed = try queue.job(id: ids[0])
            expect(failed?.status == .failed && failed?.attempts == 2 && failed?.lastError == QueueText.lostMessage(attempts: 2),
                   "failed for good: \(String(describing: failed))", &failures)
        },
        Check(name: "handBackNotCounted") { under, failures in
            let queue = under.queue
            let ids = try enqueue(queue, ["contoso"], maxAttempts: 1)
            guard let lease = try queue.claim(worker: "a", lease: 60, now: start) else { return failures.append("no claim") }
            try queue.handBack(lease, now: start)
            let job = try queue.job(id: ids[0])
            expect(job?.status == .queued && job?.attempts == 0, "queued, attempt not counted: \(String(describing: job))", &failures)
            expect(try queue.claim(worker: "b", lease: 60, now: start)?.attempt == 1, "claimed again", &failures)
        },
        Check(name: "failureBacksOffThenFailsForGood") { under, failures in
            let queue = under.queue
            let ids = try enqueue(queue, ["contoso", "contoso"], maxAttempts: 2)
            guard let first = try queue.claim(worker: "a", lease: 60, now: start) else { return failures.append("no claim") }
            expect(try queue.fail(first, error: "unreachable", retryAfter: 30, final: false, now: start) == .queued, "queued again", &failures)
            expect(try queue.claim(worker: "a", lease: 60, now: at(29)) == nil, "backing off, and the next job waits behind it", &failures)
            guard let second = try queue.claim(worker: "a", lease: 60, now: at(30)) else { return failures.append("no retry") }
            expect(second.job.id == ids[0] && second.attempt == 2, "the retry", &failures)
            expect(try queue.fail(second, error: "unreachable", retryAfter: 30, final: false, now: at(31)) == .failed, "failed", &failures)
            expect(try queue.claim(worker: "a", lease: 60, now: at(31))?.job.id == ids[1], "the next job runs", &failures)
            let failed = try queue.job(id: ids[0])
            expect(failed?.lastError == "unreachable" && failed?.finishedAt == at(31), "the error: \(String(describing: failed))", &failures)
        },
        Check(name: "finalFailureNotRetried") { under, failures in
            let queue = under.queue
            let ids = try enqueue(queue, ["contoso"], maxAttempts: 5)
            guard let lease = try queue.claim(worker: "a", lease: 60, now: start) else { return failures.append("no claim") }
            expect(try queue.fail(lease, error: "bad input", retryAfter: 30, final: true, now: start) == .failed, "failed", &failures)
            expect(try queue.job(id: ids[0])?.lastError == "bad input", "its error", &failures)
        },
        Check(name: "batchRecorded") { under, failures in
            let queue = under.queue
            let ids = try enqueue(queue, ["contoso"])
            guard let lease = try queue.claim(worker: "a", lease: 60, now: start) else { return failures.append("no claim") }
            try queue.started(lease, batchID: "0123abcd")
            expect(try queue.job(id: ids[0])?.batchID == "0123abcd", "the batch id", &failures)
        },
        Check(name: "concurrentHandlesNeverClaimOneJobTwice") { under, failures in
            let ids = try enqueue(under.queue, (1...40).map { "customer\($0)" })
            let race = Race(handles: try (0..<4).map { _ in try under.open() })
            DispatchQueue.concurrentPerform(iterations: race.handles.count) { index in race.drain(index, now: start) }
            failures += race.errors
            let claimed = race.claimed
            expect(claimed.sorted() == ids, "each job claimed exactly once: \(claimed.count) claims of \(ids.count) jobs", &failures)
        },
    ] }

    static func expect(_ condition: @autoclosure () throws -> Bool, _ message: @autoclosure () -> String,
                       _ failures: inout [String]) {
        do {
            if try !condition() { failures.append(message()) }
        } catch {
            failures.append("\(message()): threw \(error)")
        }
    }
}

/// Handles claiming from several threads at once, and what they claimed.
final class Race: @unchecked Sendable {
    let handles: [any WorkQueue]
    private let lock = NSLock()
    private(set) var claimed: [Int64] = []
    private(set) var errors: [String] = []

    init(handles: [any WorkQueue]) { self.handles = handles }

    /// Claims with handle `index` until nothing is ready.
    func drain(_ index: Int, now: Date) {
        do {
            while let lease = try handles[index].claim(worker: "w\(index)", lease: 60, now: now) {
                lock.withLock { claimed.append(lease.job.id) }
            }
        } catch {
            lock.withLock { errors.append("\(error)") }
        }
    }
}
