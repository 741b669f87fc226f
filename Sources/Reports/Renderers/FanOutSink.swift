import Provisioning

/// Forwards every call to several sinks in order: one run, several `--report` files.
///
/// A sink that throws stops the run (the caller decides what to do), but ``finish(_:)``
/// still finishes every other sink so that their files are complete and closed; the first
/// error is then rethrown.
public final class FanOutSink: OutcomeSink {
    private let sinks: [any OutcomeSink]

    /// Creates a fan-out over `sinks` (none is allowed: then every call does nothing).
    public init(_ sinks: [any OutcomeSink]) {
        self.sinks = sinks
    }

    public func begin(_ header: RunHeader) throws {
        for sink in sinks { try sink.begin(header) }
    }

    public func add(_ outcome: UserOutcome) throws {
        for sink in sinks { try sink.add(outcome) }
    }

    public func finish(_ summary: RunSummary) throws {
        var firstError: Error?
        for sink in sinks {
            do { try sink.finish(summary) } catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
    }
}
