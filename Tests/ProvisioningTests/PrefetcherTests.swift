import Foundation
import Testing
@testable import Provisioning

/// The prefetcher hands over what its producer made, in order, errors in their place, stays a
/// bounded distance ahead, and stops only once the producer is done.
@Suite struct PrefetcherTests {
    struct Broken: Error, Equatable { var at: Int }

    /// A producer counting up to `count`, failing at `failAt`, recording how far it got.
    final class Counter: @unchecked Sendable {
        let lock = NSLock()
        var made = 0
        let count: Int
        let failAt: Int?
        let delay: TimeInterval
        private(set) var running = false

        init(count: Int, failAt: Int? = nil, delay: TimeInterval = 0) {
            self.count = count
            self.failAt = failAt
            self.delay = delay
        }

        func next() throws -> Int? {
            lock.withLock { running = true }
            defer { lock.withLock { running = false } }
            if delay > 0 { Thread.sleep(forTimeInterval: delay) }
            let item = lock.withLock { () -> Int? in
                guard made < count else { return nil }
                made += 1
                return made
            }
            if let item, item == failAt { throw Broken(at: item) }
            return item
        }

        var snapshot: (made: Int, running: Bool) { lock.withLock { (made, running) } }
    }

    @Test func itemsArriveInOrderAndThenTheEnd() throws {
        let counter = Counter(count: 500)
        let prefetcher = Prefetcher { try counter.next() }
        var seen: [Int] = []
        while let item = try prefetcher.next() { seen.append(item) }
        #expect(seen == Array(1...500))
        #expect(try prefetcher.next() == nil, "the end stays the end")
    }

    @Test func anErrorArrivesInItsPlaceAndEndsTheItems() throws {
        let counter = Counter(count: 10, failAt: 4)
        let prefetcher = Prefetcher { try counter.next() }
        #expect(try prefetcher.next() == 1)
        #expect(try prefetcher.next() == 2)
        #expect(try prefetcher.next() == 3)
        #expect(throws: Broken(at: 4)) { try prefetcher.next() }
        #expect(try prefetcher.next() == nil)
        #expect(counter.snapshot.made == 4, "nothing is made after the error")
    }

    @Test func theProducerStaysOneItemAhead() throws {
        let counter = Counter(count: 100)
        let prefetcher = Prefetcher(capacity: 1) { try counter.next() }
        for expected in 1...3 {
            #expect(try prefetcher.next() == expected)
            // The producer makes the next item, then waits: one item ahead, no more.
            try Self.waitUntil { counter.snapshot.made == expected + 1 }
            Thread.sleep(forTimeInterval: 0.03)
            #expect(counter.snapshot.made == expected + 1)
        }
        prefetcher.stop()
    }

    struct TimedOut: Error {}

    /// Polls `condition` for up to five seconds.
    static func waitUntil(_ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(5)
        while !condition() {
            guard Date() < deadline else { throw TimedOut() }
            Thread.sleep(forTimeInterval: 0.001)
        }
    }

    @Test func stopWaitsForTheItemBeingMade() throws {
        let counter = Counter(count: 100, delay: 0.02)
        let prefetcher = Prefetcher { try counter.next() }
        #expect(try prefetcher.next() == 1)
        prefetcher.stop()
        let after = counter.snapshot
        #expect(!after.running, "the producer is not running once stop returned")
        Thread.sleep(forTimeInterval: 0.06)
        #expect(counter.snapshot.made == after.made, "and it does not start again")
        #expect(after.made <= 3)
    }
}
