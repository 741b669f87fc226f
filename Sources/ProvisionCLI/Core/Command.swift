/// One `provision` subcommand, such as `inspect` or `users create`.
///
/// Each command lives in its own file under `Commands/` and is listed in
/// ``ProvisionTool/commands``. It declares its positional arguments and options once
/// (``ArgumentDeclaration``, ``OptionDeclaration``); its usage line, help page, the options the
/// parser accepts and the shell completion are generated from them (docs/cli.md, "How to
/// declare a command").
public protocol Command: Sendable {
    /// The words that name it, e.g. `["users", "create"]`.
    static var path: [String] { get }
    /// A one-line summary for `provision help`.
    static var summary: String { get }
    /// The prose of its help page, after the usage line (no option list: that is generated).
    static var discussion: String { get }
    /// Its positional arguments, in order.
    static var arguments: [ArgumentDeclaration] { get }
    /// The options it accepts (the global ones are added). No default, so that a command
    /// still written the old way (`static let options = OptionSpec(…)`) fails to compile
    /// instead of silently accepting no option.
    static var options: [OptionDeclaration] { get }
    /// Runs the command.
    /// - Returns: the exit code.
    /// - Throws: any error; ``ExitCodeCarrying`` errors decide their exit code, others are an
    ///   internal failure (``ExitCode/internalFailure``).
    static func run(_ context: CommandContext) throws -> ExitCode
}

extension Command {
    public static var discussion: String { "" }
    public static var arguments: [ArgumentDeclaration] { [] }

    /// The words that name it, joined: `users create`.
    static var name: String { path.joined(separator: " ") }
}
