import Foundation

/// The server's sense of time: wall-clock time for the access log, and a monotonic count for
/// timeouts and durations. Tests inject both; ``system`` is the real one.
///
/// Waits still happen in real time (poll(2) sleeps); the monotonic clock decides when a
/// deadline has passed and what a request's duration was.
public struct HTTPServerClock: Sendable {
    /// The wall-clock time, for log lines.
    public var now: @Sendable () -> Date
    /// Monotonic nanoseconds from an arbitrary start.
    public var uptimeNanoseconds: @Sendable () -> UInt64

    /// Creates a clock.
    public init(now: @escaping @Sendable () -> Date, uptimeNanoseconds: @escaping @Sendable () -> UInt64) {
        self.now = now
        self.uptimeNanoseconds = uptimeNanoseconds
    }

    /// The system's clocks.
    public static let system = HTTPServerClock(now: { Date() },
                                               uptimeNanoseconds: { DispatchTime.now().uptimeNanoseconds })
}
