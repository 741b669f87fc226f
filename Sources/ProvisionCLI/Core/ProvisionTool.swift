import Foundation
import Reports

/// The `provision` command line: reads the global options before the command, finds the
/// command named by the next words, parses the rest against its declarations, runs it, and
/// turns escaping errors into one `provision: error: …` line and an exit code.
///
/// Help asked for (`--help`, `-h`, `help …`) goes to standard output, exit 0; help shown
/// because the command line is incomplete (`provision` alone, `provision users`) goes to
/// standard error, exit 2, like any usage error.
public enum ProvisionTool {
    /// Every command, in the order `provision help` lists them.
    /// Add a command by appending its type here (one line per command).
    static let commands: [any Command.Type] = [
        HelpCommand.self,
        DemoCommand.self,
        PlanCommand.self,
        ApplyCommand.self,
        UsersCreateCommand.self,
        UsersResetPasswordCommand.self,
        UsersDeleteCommand.self,
        UsersRestoreCommand.self,
        LicensesAssignCommand.self,
        LicensesRevokeCommand.self,
        InspectCommand.self,
        InitCommand.self,
        MigrateCommand.self,
        CatalogImportCommand.self,
        CustomersListCommand.self,
        CustomersAddCommand.self,
        CustomersUpdateCommand.self,
        CustomersDomainsAddCommand.self,
        CustomersDomainsRemoveCommand.self,
        CustomersImportCommand.self,
        SubscriptionsListCommand.self,
        SubscriptionsSetCommand.self,
        SubscriptionsImportCommand.self,
        UsersListCommand.self,
        UsersPurgeCommand.self,
        LicensesShowCommand.self,
        UsersImportCommand.self,
        AuditListCommand.self,
        ServeCommand.self,
        OperatorsAddCommand.self,
        OperatorsPasswdCommand.self,
        OperatorsRemoveCommand.self,
        OperatorsDisableCommand.self,
        OperatorsEnableCommand.self,
        OperatorsListCommand.self,
        SubmitCommand.self,
        WorkerCommand.self,
        JobsListCommand.self,
        JobsShowCommand.self,
        JobsReportCommand.self,
        CompletionCommand.self,
    ]

    /// Runs the tool with `arguments` (without the program name) and returns the exit code.
    public static func main(arguments: [String], environment: [String: String],
                            output: OutputSink, errors: OutputSink,
                            input: FileHandle = .standardInput,
                            currentDirectory: String = FileManager.default.currentDirectoryPath,
                            clock: @escaping @Sendable () -> Date = { Date() }) -> ExitCode {
        do {
            let (leading, start) = try ParsedArguments.parseLeading(arguments)
            if leading.flag("version") {
                output.write("provision \(ProvisionVersion.string)\n")
                return .success
            }
            let words = Array(arguments[start...])
            let command: any Command.Type
            let rest: [String]
            switch try resolve(words) {
            case .none:
                if leading.flag("help") { output.write(HelpText.tool()); return .success }
                errors.write(HelpText.tool())
                return .usageOrInput
            case .group(let group, let tail):
                if leading.flag("help") || tail.contains("--help") || tail.contains("-h") {
                    output.write(HelpText.group(group))
                    return .success
                }
                errors.write(HelpText.group(group))
                errors.write("provision: error: '\(group.joined(separator: " "))' needs a subcommand\n")
                return .usageOrInput
            case .command(let found, let tail):
                (command, rest) = (found, tail)
            }
            // `provision --help users delete`: the help flag before the command counts as after it.
            var parsed = try ParsedArguments.parse(leading.flag("help") ? ["--help"] + rest : rest, options: command.options, arguments: command.arguments,
                                                   command: command.name)
            try parsed.merge(leading: leading)
            if parsed.flag("help") && ObjectIdentifier(command) != ObjectIdentifier(HelpCommand.self) {
                output.write(HelpText.page(command))
                return .success
            }
            let context = CommandContext(arguments: parsed, environment: environment, output: output,
                                         errors: errors, input: input, currentDirectory: currentDirectory,
                                         clock: clock)
            return try command.run(context)
        } catch {
            let code = (error as? ExitCodeCarrying)?.exitCode ?? .internalFailure
            errors.write("provision: error: \(describe(error))\n")
            if code == .internalFailure {
                errors.write("provision: this is an internal failure (exit 70), not a problem with the input: what was "
                             + "applied before it stays applied, and running the same job again resumes it\n")
            }
            return code
        }
    }

    /// What the first words of a command line name.
    enum Resolution {
        /// No words: the tool's help.
        case none
        /// A group's name without one of its subcommands (`users`), with the words after it.
        case group([String], [String])
        /// A command, with the words after its name.
        case command(any Command.Type, [String])
    }

    /// The command whose path is the longest prefix of `words`, or the group they name.
    /// - Throws: ``CLIError/usage(_:)`` for an unknown command, with the closest names.
    static func resolve(_ words: [String]) throws -> Resolution {
        guard let first = words.first else { return .none }
        let candidates = commands.filter { $0.path.count <= words.count && Array(words.prefix($0.path.count)) == $0.path }
        if let best = candidates.max(by: { $0.path.count < $1.path.count }) {
            return .command(best, Array(words.dropFirst(best.path.count)))
        }
        let group = groups.first { $0 == [first] }
        if let group {
            let next = words.dropFirst().first
            if next == nil || next.map(ParsedArguments.looksLikeOption) == true {
                return .group(group, Array(words.dropFirst()))
            }
        }
        throw unknownCommand(Array(words.prefix(group == nil ? 1 : 2)))
    }

    /// The error for words that name no command, with the closest command names.
    static func unknownCommand(_ words: [String]) -> CLIError {
        let given = words.joined(separator: " ")
        let names = commands.map { $0.name } + groups.map { $0.joined(separator: " ") }
        let closest = Suggestions.closest(to: given, among: names).map { "'\($0)'" }
        return CLIError.usage("unknown command '\(given)'\(Suggestions.didYouMean(closest)) (see 'provision help')")
    }

    /// The first words that several commands share (`users`, `licenses`), in order.
    static var groups: [[String]] {
        var seen: [[String]] = []
        for command in commands where command.path.count > 1 && !seen.contains([command.path[0]]) {
            seen.append([command.path[0]])
        }
        return seen
    }

    /// The text of an error for the terminal: its `description` when it has one, with every
    /// control character from the values it quotes escaped (``TerminalText``).
    static func describe(_ error: Error) -> String {
        TerminalText.escaped(String(describing: error), keepingLineBreaks: true)
    }
}
