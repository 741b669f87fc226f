import Foundation
import SQLiteDirectory
import Testing
import WorkQueue
import WorkQueueConformance

/// The queue's rules (``WorkQueueConformance``) on the SQLite store, each check on a fresh
/// store, its concurrent claims through separate connections.
@Suite struct SQLiteWorkQueueTests {
    @Test(arguments: WorkQueueConformance.names)
    func theSQLiteQueuePassesTheQueueCheck(_ name: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("queue-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/provision.sqlite"
        _ = try SQLiteDirectory.create(path: path)
        let failures = WorkQueueConformance.run(name) {
            QueueUnderTest(queue: try SQLiteWorkQueue(storePath: path), open: { try SQLiteWorkQueue(storePath: path) })
        }
        #expect(failures.isEmpty, "\(name): \(failures.joined(separator: "; "))")
    }

    @Test func anIdleWorkerNoticesAnotherConnectionsEnqueue() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("queue-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/provision.sqlite"
        _ = try SQLiteDirectory.create(path: path)
        let idle = try SQLiteWorkQueue(storePath: path), other = try SQLiteWorkQueue(storePath: path)
        #expect(try idle.waitForWork(timeout: 0.2) == false)
        _ = try other.enqueue(input: [1], name: "x.csv", jobs: [NewJob(customerID: "c", options: "{}", operatorName: "o")], now: Date())
        #expect(try idle.waitForWork(timeout: 2) == true)
    }
}
