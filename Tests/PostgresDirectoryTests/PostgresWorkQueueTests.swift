import Foundation
@testable import PostgresDirectory
import Testing
import WorkQueue
import WorkQueueConformance

/// The queue's rules (``WorkQueueConformance``) on PostgreSQL, each check in a fresh schema of
/// the test cluster, its concurrent claims through separate sessions; and the notifications
/// that wake idle workers.
@Suite(.enabled(if: TestDatabase.enabled, TestDatabase.skipReason))
struct PostgresWorkQueueTests {
    @Test(arguments: WorkQueueConformance.names)
    func thePostgreSQLQueuePassesTheQueueCheck(_ name: String) throws {
        try TestDatabase.withSchema { conninfo in
            let failures = WorkQueueConformance.run(name) {
                QueueUnderTest(queue: try PostgresWorkQueue(url: conninfo), open: { try PostgresWorkQueue(url: conninfo) })
            }
            #expect(failures.isEmpty, "\(name): \(failures.joined(separator: "; "))")
        }
    }

    @Test func aNotifyWakesAWaitingWorkerLongBeforeItsPoll() throws {
        try TestDatabase.withSchema { conninfo in
            let idle = Handoff(try PostgresWorkQueue(url: conninfo))
            let submitter = try PostgresWorkQueue(url: conninfo)
            #expect(try idle.value.waitForWork(timeout: 0.2) == false, "nothing to wake it yet")
            let woken = Handoff(Box())
            let thread = Thread {
                let start = Date()
                woken.value.result = (try? idle.value.waitForWork(timeout: 30)) ?? false
                woken.value.seconds = Date().timeIntervalSince(start)
                woken.value.done.signal()
            }
            thread.start()
            Thread.sleep(forTimeInterval: 0.3)
            _ = try submitter.enqueue(input: [1, 2, 3], name: "users.csv",
                                      jobs: [NewJob(customerID: "contoso", options: "{}", operatorName: "ops")], now: Date())
            #expect(woken.value.done.wait(timeout: .now() + 10) == .success)
            #expect(woken.value.result == true && woken.value.seconds < 5, "woken after \(woken.value.seconds) s")
            // The waking worker claims the job.
            #expect(try idle.value.claim(worker: "idle", lease: 60, now: Date())?.job.customerID == "contoso")
        }
    }

    @Test func queuesInOtherSchemasDoNotShareJobs() throws {
        try TestDatabase.withSchema { first in
            try TestDatabase.withSchema { second in
                let one = try PostgresWorkQueue(url: first), two = try PostgresWorkQueue(url: second)
                _ = try one.enqueue(input: [1], name: "a.csv", jobs: [NewJob(customerID: "c", options: "{}", operatorName: "o")],
                                    now: Date())
                #expect(try two.claim(worker: "w", lease: 60, now: Date()) == nil)
                #expect(one.channel != two.channel)
            }
        }
    }
}

/// What the waiting thread saw.
final class Box: @unchecked Sendable {
    var result = false
    var seconds: TimeInterval = 0
    let done = DispatchSemaphore(value: 0)
}
