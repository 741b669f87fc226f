import Foundation

/// The time a worker goes by: when leases end, when to beat, how long to idle. Injected, so the
/// loop's tests decide when leases expire.
public protocol WorkerClock: Sendable {
    /// Now.
    func now() -> Date
}

/// The system's wall clock.
public struct SystemWorkerClock: WorkerClock {
    /// The wall clock.
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that says what it was last set to, for tests.
public final class ManualWorkerClock: WorkerClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    /// A clock at `start`.
    public init(_ start: Date) { current = start }

    public func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Moves the clock on by `seconds`.
    public func advance(_ seconds: TimeInterval) {
        lock.lock()
        current = current.addingTimeInterval(seconds)
        lock.unlock()
    }
}
