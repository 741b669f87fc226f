/// The process exit codes of `provision`, stable so that cron and CI can act on them.
///
/// Documented in `docs/cli.md`; never renumber a case.
public enum ExitCode: Int32, Sendable {
    /// Everything succeeded or was already as requested.
    case success = 0
    /// The run completed but some users failed.
    case someFailed = 1
    /// A usage or input error: nothing was written.
    case usageOrInput = 2
    /// A stale saved plan, or another job holds the customer's lock.
    case staleOrLocked = 3
    /// The run would have gone past `--max-removals` or `--max-deletes` and stopped before
    /// writing anything; its report lists what would have gone.
    case stoppedBySafetyLimit = 4
}

/// An error that decides its own exit code; anything else thrown by a command exits with 2.
public protocol ExitCodeCarrying: Error {
    /// The exit code the process ends with when this error escapes a command.
    var exitCode: ExitCode { get }
}
