import Foundation

/// Runs a producer on a thread of its own, one item ahead of the consumer (a job reading and
/// looking up the next chunk of rows while it plans this one).
///
/// The producer is called again and again until it returns `nil` or throws; each result,
/// error included, reaches ``next()`` in order. At most `capacity` results wait for the
/// consumer, so the producer stays a bounded distance ahead. Whatever the producer touches
/// (the input, a directory handle) belongs to its thread until ``stop()`` returned or the
/// end was reached, which the consumer must not touch meanwhile. Call ``stop()`` when done
/// (the job does, in a `defer`): the thread holds the prefetcher until it ends, so dropping
/// the last reference alone would leave it waiting.
final class Prefetcher<Item>: @unchecked Sendable {
    private let produce: () throws -> Item?
    private let capacity: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var ready: [Result<Item?, any Error>] = []
    private var stopping = false
    private var finished = false

    /// Starts the producer's thread.
    init(capacity: Int = 1, _ produce: @escaping () throws -> Item?) {
        self.produce = produce
        self.capacity = max(1, capacity)
        let thread = Thread { [self] in run() }
        thread.start()
    }

    private func run() {
        while true {
            condition.lock()
            while ready.count >= capacity && !stopping { condition.wait() }
            let stop = stopping
            condition.unlock()
            if stop { break }
            let item = Result { try produce() }
            condition.lock()
            ready.append(item)
            condition.broadcast()
            condition.unlock()
            if case .success(.some) = item { continue }
            break
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next item in order, `nil` at the end.
    /// - Throws: the producer's error, in its place; after it, `nil`.
    func next() throws -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !finished { condition.wait() }
        guard !ready.isEmpty else { return nil }
        let item = ready.removeFirst()
        condition.broadcast()
        return try item.get()
    }

    /// Tells the producer to stop after the item it is making and waits until it has.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
