import Foundation
import Testing
import WorkQueue
import WorkQueueConformance

/// The rules every ``WorkQueue`` backend keeps (``WorkQueueConformance``), on the in-memory one.
@Suite struct WorkQueueRulesTests {
    @Test(arguments: WorkQueueConformance.names)
    func theInMemoryQueuePassesTheQueueCheck(_ name: String) {
        let failures = WorkQueueConformance.run(name) {
            let queue = InMemoryWorkQueue()
            return QueueUnderTest(queue: queue, open: { queue })
        }
        #expect(failures.isEmpty, "\(name): \(failures.joined(separator: "; "))")
    }
}
