import Foundation
import Reports

/// The `provision` command line: finds the command named by the first words, parses the rest,
/// runs it, and turns escaping errors into one `provision: error: …` line and an exit code.
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
    ]

    /// Runs the tool with `arguments` (without the program name) and returns the exit code.
    public static func main(arguments: [String], environment: [String: String],
                            output: OutputSink, errors: OutputSink,
                            input: FileHandle = .standardInput,
                            currentDirectory: String = FileManager.default.currentDirectoryPath,
                            clock: @escaping @Sendable () -> Date = { Date() }) -> ExitCode {
        guard let (command, rest) = find(arguments) else {
            let words = arguments.prefix(2).joined(separator: " ")
            errors.write("provision: error: unknown command '\(TerminalText.escaped(words))'; run 'provision help'\n")
            return .usageOrInput
        }
        let name = command.path.joined(separator: " ")
        do {
            let parsed = try ParsedArguments.parse(rest, spec: command.options, command: name)
            if parsed.flag("help") {
                output.write(command.usage.hasSuffix("\n") ? command.usage : command.usage + "\n")
                return .success
            }
            let context = CommandContext(arguments: parsed, environment: environment, output: output,
                                         errors: errors, input: input, currentDirectory: currentDirectory,
                                         clock: clock)
            return try command.run(context)
        } catch {
            errors.write("provision: error: \(describe(error))\n")
            return (error as? ExitCodeCarrying)?.exitCode ?? .usageOrInput
        }
    }

    /// The command whose path is the longest prefix of `arguments`, with the remaining words.
    static func find(_ arguments: [String]) -> (any Command.Type, [String])? {
        if arguments.isEmpty { return (HelpCommand.self, []) }
        let candidates = commands.filter { $0.path.count <= arguments.count && Array(arguments.prefix($0.path.count)) == $0.path }
        guard let best = candidates.max(by: { $0.path.count < $1.path.count }) else { return nil }
        return (best, Array(arguments.dropFirst(best.path.count)))
    }

    /// The text of an error for the terminal: its `description` when it has one, with every
    /// control character from the values it quotes escaped (``TerminalText``).
    static func describe(_ error: Error) -> String {
        TerminalText.escaped(String(describing: error), keepingLineBreaks: true)
    }
}

/// `provision help`: lists the commands.
enum HelpCommand: Command {
    static let path = ["help"]
    static let summary = "List the commands"
    static let usage = "usage: provision help"
    static let options = OptionSpec()

    static func run(_ context: CommandContext) throws -> ExitCode {
        var text = "usage: provision COMMAND [OPTIONS]\n\nCommands:\n"
        let width = ProvisionTool.commands.map { $0.path.joined(separator: " ").count }.max() ?? 0
        for command in ProvisionTool.commands {
            let name = command.path.joined(separator: " ")
            text += "  " + name + String(repeating: " ", count: width - name.count + 2) + command.summary + "\n"
        }
        text += "\nGlobal options: --store PATH, --now ISO8601, --as ROLE, --quiet, --help\n"
        text += "Exit codes: 0 success, 1 some users failed, 2 usage or input error, 3 stale plan or lock busy\n"
        context.output.write(text)
        return .success
    }
}
