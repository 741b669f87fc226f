/// `provision help [COMMAND WORDS]`: the tool's help, a group's subcommands, or a command's page.
enum HelpCommand: Command {
    static let path = ["help"]
    static let summary = "List the commands, or show one command's help (provision help users delete)"
    static let arguments = [ArgumentDeclaration("COMMAND", help: "the words of a command or a group", optional: true,
                                                repeats: true)]

    static let options: [OptionDeclaration] = []

    static func run(_ context: CommandContext) throws -> ExitCode {
        let words = context.arguments.positionals
        switch try ProvisionTool.resolve(words) {
        case .none:
            context.output.write(HelpText.tool())
        case .group(let group, let rest):
            guard rest.isEmpty else { throw ProvisionTool.unknownCommand(words) }
            context.output.write(HelpText.group(group))
        case .command(let command, let rest):
            guard rest.isEmpty else { throw ProvisionTool.unknownCommand(words) }
            context.output.write(HelpText.page(command))
        }
        return .success
    }
}
