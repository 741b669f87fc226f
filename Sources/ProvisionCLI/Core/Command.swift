/// One `provision` subcommand, such as `inspect` or `users create`.
///
/// Each command lives in its own file under `Commands/` and is listed in
/// ``CommandLine/commands``.
public protocol Command: Sendable {
    /// The words that name it, e.g. `["users", "create"]`.
    static var path: [String] { get }
    /// A one-line summary for `provision help`.
    static var summary: String { get }
    /// A usage text shown by `--help`.
    static var usage: String { get }
    /// The options it accepts.
    static var options: OptionSpec { get }
    /// Runs the command.
    /// - Returns: the exit code.
    /// - Throws: any error; ``ExitCodeCarrying`` errors decide their exit code, others exit 2.
    static func run(_ context: CommandContext) throws -> ExitCode
}
