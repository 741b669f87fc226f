import Foundation

/// Everything a command may touch of the outside world, injected so that tests control it:
/// the parsed arguments, environment, output streams, standard input, the clock and the
/// working directory.
public struct CommandContext {
    /// The command's parsed words.
    public var arguments: ParsedArguments
    /// The process environment (or a test's).
    public var environment: [String: String]
    /// Standard output.
    public var output: OutputSink
    /// Standard error: progress and diagnostics.
    public var errors: OutputSink
    /// Standard input, read when a file argument is `-`.
    public var input: FileHandle
    /// The directory relative paths are resolved against.
    public var currentDirectory: String
    /// The wall clock; domain code gets "now" from ``now()`` instead.
    public var clock: @Sendable () -> Date
    /// Warnings already shown in this run (see ``OnceSet``).
    var shownWarnings = OnceSet()

    /// Creates a context.
    public init(arguments: ParsedArguments, environment: [String: String], output: OutputSink,
                errors: OutputSink, input: FileHandle, currentDirectory: String,
                clock: @escaping @Sendable () -> Date) {
        self.arguments = arguments
        self.environment = environment
        self.output = output
        self.errors = errors
        self.input = input
        self.currentDirectory = currentDirectory
        self.clock = clock
    }

    /// "Now" for the whole run: `--now`, else `PROVISION_NOW`, else the clock.
    /// - Throws: ``CLIError/usage(_:)`` when the value is not an ISO 8601 date-time.
    public func now() throws -> Date {
        guard let text = arguments.value("now") ?? environment["PROVISION_NOW"] else { return clock() }
        return try GlobalOptions.date(text)
    }

    /// Resolves a path argument against the working directory.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return (currentDirectory as NSString).appendingPathComponent(path)
    }

    /// Whether progress output is wanted (`--quiet` turns it off).
    public var quiet: Bool { arguments.flag("quiet") }
}
