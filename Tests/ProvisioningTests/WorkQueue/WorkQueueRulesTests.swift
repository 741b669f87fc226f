import Foundation
import Testing
@testable import Provisioning
@testable import WorkQueue

/// The rules every ``WorkQueue`` backend keeps, on the in-memory one.
@Suite struct WorkQueueRulesTests {
    static let start = Fixture.now

    static func enqueue(_ queue: any WorkQueue, _ customers: [String], maxAttempts: Int = 3) throws -> [Int64] {
        try queue.enqueue(input: Array("UserPrincipalName\n".utf8), name: "users.csv",
                          jobs: customers.map { NewJob(customerID: $0, options: "{}", operatorName: "ops", maxAttempts: maxAttempts) },
                          now: start)
    }

    @Test func claimsTheOldestReadyJobAndOneJobPerCustomerAtATime() throws {
        let queue = InMemoryWorkQueue()
        let ids = try Self.enqueue(queue, ["contoso", "contoso", "fabrikam"])
        let first = try #require(try queue.claim(worker: "a", lease: 60, now: Self.start))
        #expect(first.job.id == ids[0] && first.attempt == 1 && first.job.status == .running)
        let second = try #require(try queue.claim(worker: "b", lease: 60, now: Self.start))
        #expect(second.job.id == ids[2], "contoso's second job waits for its first")
        #expect(try queue.claim(worker: "c", lease: 60, now: Self.start) == nil)
        try queue.complete(first, result: JobResult(reports: ["json": [1]], summary: "{}"), now: Self.start)
        #expect(try queue.claim(worker: "c", lease: 60, now: Self.start)?.job.id == ids[1])
        #expect(try queue.report(jobID: ids[0], format: "json") == [1])
        #expect(try queue.job(id: ids[0])?.status == .done)
    }

    @Test func inputIsStoredOnceUnderItsSHA256() throws {
        let queue = InMemoryWorkQueue()
        let ids = try Self.enqueue(queue, ["contoso", "fabrikam"])
        let jobs = try queue.jobs(status: nil)
        #expect(jobs.map(\.id) == ids && Set(jobs.map(\.inputDigest)).count == 1)
        #expect(try queue.input(digest: jobs[0].inputDigest) == Array("UserPrincipalName\n".utf8))
        #expect(InputDigest.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(InputDigest.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(InputDigest.sha256Hex(Array(repeating: 0x61, count: 1_000)).hasPrefix("41edece42d63e8d9bf515a9ba6932e1c"))
    }

    @Test func anExpiredLeaseIsTakenOverAndItsOldHolderIsRefused() throws {
        let queue = InMemoryWorkQueue()
        let ids = try Self.enqueue(queue, ["contoso"])
        let old = try #require(try queue.claim(worker: "a", lease: 60, now: Self.start))
        #expect(try queue.claim(worker: "b", lease: 60, now: Self.start.addingTimeInterval(59)) == nil)
        let renewed = try queue.renew(old, for: 60, progress: 7, now: Self.start.addingTimeInterval(59))
        #expect(try queue.claim(worker: "b", lease: 60, now: Self.start.addingTimeInterval(100)) == nil, "renewed to 119")
        #expect(try queue.job(id: ids[0])?.progress == 7)
        let taken = try #require(try queue.claim(worker: "b", lease: 60, now: Self.start.addingTimeInterval(120)))
        #expect(taken.job.id == ids[0] && taken.attempt == 2 && taken.worker == "b")
        #expect(throws: WorkQueueError.leaseLost(jobID: ids[0])) {
            _ = try queue.renew(renewed, for: 60, progress: 8, now: Self.start.addingTimeInterval(121))
        }
        #expect(throws: WorkQueueError.leaseLost(jobID: ids[0])) {
            try queue.complete(renewed, result: JobResult(reports: [:], summary: "{}"), now: Self.start.addingTimeInterval(121))
        }
    }

    @Test func aJobWhoseWorkersKeepDyingFailsForGoodAndFreesItsCustomer() throws {
        let queue = InMemoryWorkQueue()
        let ids = try Self.enqueue(queue, ["contoso", "contoso"], maxAttempts: 2)
        var now = Self.start
        for attempt in 1...2 {
            let lease = try #require(try queue.claim(worker: "w\(attempt)", lease: 60, now: now))
            #expect(lease.job.id == ids[0] && lease.attempt == attempt)
            now = now.addingTimeInterval(61)
        }
        // The third claim finds the first job's attempts used up: failed, and the next job runs.
        let next = try #require(try queue.claim(worker: "w3", lease: 60, now: now))
        #expect(next.job.id == ids[1])
        let failed = try #require(try queue.job(id: ids[0]))
        #expect(failed.status == .failed && failed.attempts == 2 && failed.lastError?.contains("2 attempts") == true)
    }

    @Test func aHandedBackJobIsQueuedAgainWithoutCountingTheAttempt() throws {
        let queue = InMemoryWorkQueue()
        let ids = try Self.enqueue(queue, ["contoso"], maxAttempts: 1)
        let lease = try #require(try queue.claim(worker: "a", lease: 60, now: Self.start))
        try queue.handBack(lease, now: Self.start)
        #expect(try queue.job(id: ids[0])?.status == .queued && queue.job(id: ids[0])?.attempts == 0)
        #expect(try queue.claim(worker: "b", lease: 60, now: Self.start)?.attempt == 1)
    }

    @Test func aFailedAttemptBacksOffThenFailsForGoodAtTheLastAttempt() throws {
        let queue = InMemoryWorkQueue()
        let ids = try Self.enqueue(queue, ["contoso", "contoso"], maxAttempts: 2)
        let first = try #require(try queue.claim(worker: "a", lease: 60, now: Self.start))
        #expect(try queue.fail(first, error: "store unreachable", retryAfter: 30, final: false, now: Self.start) == .queued)
        #expect(try queue.claim(worker: "a", lease: 60, now: Self.start.addingTimeInterval(29)) == nil,
                "backing off, and the customer's next job waits behind it")
        let second = try #require(try queue.claim(worker: "a", lease: 60, now: Self.start.addingTimeInterval(30)))
        #expect(second.job.id == ids[0] && second.attempt == 2)
        #expect(try queue.fail(second, error: "store unreachable", retryAfter: 30, final: false, now: Self.start) == .failed)
        #expect(try queue.claim(worker: "a", lease: 60, now: Self.start.addingTimeInterval(30))?.job.id == ids[1])
    }

    @Test func aFinalFailureIsNotRetried() throws {
        let queue = InMemoryWorkQueue()
        let ids = try Self.enqueue(queue, ["contoso"], maxAttempts: 5)
        let lease = try #require(try queue.claim(worker: "a", lease: 60, now: Self.start))
        #expect(try queue.fail(lease, error: "bad input", retryAfter: 30, final: true, now: Self.start) == .failed)
        #expect(try queue.job(id: ids[0])?.lastError == "bad input")
    }
}
