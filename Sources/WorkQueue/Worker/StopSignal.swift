import Foundation

/// A request to stop claiming (SIGTERM, for a worker process), safe to set from any thread.
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    private let condition = NSCondition()

    /// A signal not yet raised.
    public init() {}

    /// Asks the worker to stop claiming: it finishes the jobs it runs, hands back any it holds
    /// and has not started, and returns.
    public func raise() {
        lock.lock()
        raised = true
        lock.unlock()
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    /// Whether ``raise()`` was called.
    public var isRaised: Bool {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }

    /// Sleeps up to `seconds` (real time), waking early when the signal is raised.
    public func sleep(_ seconds: TimeInterval) {
        condition.lock()
        defer { condition.unlock() }
        if !isRaised { _ = condition.wait(until: Date().addingTimeInterval(max(0, seconds))) }
    }
}
