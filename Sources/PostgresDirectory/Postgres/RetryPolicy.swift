import Foundation

/// How a transaction is retried after a transient failure (a serialization failure `40001`,
/// a deadlock `40P01`, a lost connection): how many attempts in all, and how long to sleep
/// before each retry: `baseDelay × 2^(retry − 1)`, at most `maxDelay`, times a jitter factor,
/// so that writers that collided do not collide again in step.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included (1: never retry).
    public var attempts: Int
    /// The sleep before the first retry, in seconds.
    public var baseDelay: TimeInterval
    /// The longest sleep, in seconds.
    public var maxDelay: TimeInterval
    /// A factor in 0.5…1 per retry (random by default; tests inject a constant).
    public var jitter: @Sendable () -> Double
    /// Sleeps (the thread, by default; tests inject a recorder).
    public var sleep: @Sendable (TimeInterval) -> Void

    /// Creates a policy: by default 6 attempts, 20 ms doubling up to 1 s, random jitter.
    public init(attempts: Int = 6, baseDelay: TimeInterval = 0.02, maxDelay: TimeInterval = 1,
                jitter: @escaping @Sendable () -> Double = { Double.random(in: 0.5...1) },
                sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.sleep = sleep
    }

    /// The sleep before retry number `retry` (from 1).
    public func delay(beforeRetry retry: Int) -> TimeInterval {
        let exponent = Double(min(max(retry - 1, 0), 30))
        return min(maxDelay, baseDelay * pow(2, exponent)) * jitter()
    }
}
