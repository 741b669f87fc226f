/// Errors of the command line itself: unknown commands, unknown options, missing values.
public enum CLIError: Error, CustomStringConvertible, ExitCodeCarrying, Equatable {
    /// The words on the command line do not form a valid call; the text says why.
    case usage(String)
    /// An input the command needs is missing or unreadable; the text names it.
    case input(String)

    public var description: String {
        switch self {
        case .usage(let text): return text
        case .input(let text): return text
        }
    }

    public var exitCode: ExitCode { .usageOrInput }
}
