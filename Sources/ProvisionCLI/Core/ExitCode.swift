/// The process exit codes of `provision`, stable so that cron and CI can act on them.
///
/// Documented in `docs/cli.md`; never renumber a case.
public enum ExitCode: Int32, Sendable, CaseIterable {
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
    /// An internal failure: a store error halfway through, a failed write, a bug, an error of
    /// a kind the command line does not classify. Unlike 2, it promises nothing about what was
    /// written; a job run again resumes where it stopped. `EX_SOFTWARE` of BSD's sysexits.h.
    case internalFailure = 70

    /// The codes in one line, for the help pages.
    static let summary = "0 success, 1 some users failed, 2 usage or input error (nothing written), "
        + "3 stale plan or lock busy, 4 stopped by a safety limit, 70 internal failure"
}

/// An error that decides its own exit code; anything else thrown by a command is an internal
/// failure (``ExitCode/internalFailure``).
public protocol ExitCodeCarrying: Error {
    /// The exit code the process ends with when this error escapes a command.
    var exitCode: ExitCode { get }
}
