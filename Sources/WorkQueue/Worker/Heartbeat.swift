import Foundation

/// Keeps a job's lease alive while it runs: renews it when ``interval`` has passed since the
/// last renewal, whether asked by the job's progress (``progress(_:)``) or by a timer thread
/// (``beat()``), and remembers when the lease was lost.
///
/// A lost lease means the job was taken over after this worker went quiet for a whole lease:
/// the run carries on (the customer's lock keeps the two off each other's users, and the
/// journal keeps a change from being applied twice), but it can no longer complete the job.
public final class Heartbeat: @unchecked Sendable {
    private let lock = NSLock()
    private let queue: any WorkQueue
    private let clock: any WorkerClock
    private let interval: TimeInterval
    private let duration: TimeInterval
    private var current: JobLease
    private var renewedAt: Date
    private var handled = 0
    private var lostError: WorkQueueError?
    private var failure: (any Error)?

    /// A heartbeat for `lease`, renewing it for `duration` seconds every `interval`.
    public init(queue: any WorkQueue, lease: JobLease, clock: any WorkerClock, interval: TimeInterval, duration: TimeInterval) {
        self.queue = queue
        self.current = lease
        self.clock = clock
        self.interval = interval
        self.duration = duration
        self.renewedAt = clock.now()
    }

    /// The lease as last renewed.
    public var lease: JobLease {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Whether the queue refused a renewal because the job is no longer this lease's.
    public var isLost: Bool {
        lock.lock()
        defer { lock.unlock() }
        return lostError != nil
    }

    /// Records the users handled so far, and renews when due.
    public func progress(_ count: Int) {
        lock.lock()
        handled = count
        lock.unlock()
        beatIfDue()
    }

    /// Renews when ``interval`` has passed since the last renewal.
    public func beatIfDue() {
        lock.lock()
        defer { lock.unlock() }
        if clock.now().timeIntervalSince(renewedAt) >= interval { renewLocked() }
    }

    /// Renews now.
    public func beat() {
        lock.lock()
        defer { lock.unlock() }
        renewLocked()
    }

    /// Records the batch the run journals under.
    func started(batchID: String) throws {
        lock.lock()
        defer { lock.unlock() }
        try queue.started(current, batchID: batchID)
    }

    /// Runs `body` with the queue handle while no renewal can run (completing, failing, handing
    /// back, or the run reading its input through the same handle).
    public func withQueue<T>(_ body: (any WorkQueue, JobLease) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(queue, current)
    }

    private func renewLocked() {
        guard lostError == nil else { return }
        let now = clock.now()
        do {
            current = try queue.renew(current, for: duration, progress: handled, now: now)
            renewedAt = now
        } catch let error as WorkQueueError {
            if case .leaseLost = error { lostError = error } else { failure = error }
        } catch {
            // A store that cannot be reached: try again at the next beat; the lease may still
            // be renewed in time.
            failure = error
        }
    }
}
