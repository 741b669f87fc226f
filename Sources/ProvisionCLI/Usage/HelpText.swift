/// The help pages, generated from the declarations: one command's (`provision apply --help`),
/// a group's (`provision users`) and the tool's (`provision help`).
///
/// Lines are wrapped at ``width`` columns; option help is aligned in a second column.
enum HelpText {
    /// The widest line the pages are wrapped to.
    static let width = 100

    /// `usage: provision users delete UPN... --customer ID [--dry-run] …`, wrapped under its start.
    static func usage(_ command: any Command.Type) -> String {
        let head = "usage: provision \(command.name)"
        let words = command.arguments.map(\.synopsis) + command.options.filter(\.isRequired).map(\.synopsis)
            + command.options.filter { !$0.isRequired }.map(\.synopsis)
        return wrap(words, first: head, indent: min(head.count + 1, 32))
    }

    /// The whole help page of a command: usage, summary, prose, arguments, options, global options.
    static func page(_ command: any Command.Type) -> String {
        var text = usage(command) + "\n\n" + command.summary + ".\n"
        let discussion = command.discussion.trimmingTrailingNewlines
        if !discussion.isEmpty { text += "\n" + discussion + "\n" }
        if !command.arguments.isEmpty {
            text += "\nArguments:\n" + table(command.arguments.map { ($0.synopsis, $0.help) })
        }
        if !command.options.isEmpty {
            text += "\nOptions:\n" + table(command.options.map(row))
        }
        text += "\nGlobal options (before or after the command):\n" + table(GlobalOptions.declarations.map(row))
        text += "\n" + exitCodes
        return text
    }

    /// A group's page: its subcommands (`provision users`).
    static func group(_ words: [String]) -> String {
        let name = words.joined(separator: " ")
        let members = ProvisionTool.commands.filter { Array($0.path.prefix(words.count)) == words && $0.path.count > words.count }
        var text = "usage: provision \(name) SUBCOMMAND [OPTIONS]\n\nSubcommands:\n"
        text += table(members.map { ($0.name, $0.summary) })
        text += "\nRun 'provision help \(name) SUBCOMMAND' (or 'provision \(name) SUBCOMMAND --help') for its options.\n"
        return text
    }

    /// The tool's page (`provision help`, `provision --help`, `provision` alone).
    static func tool() -> String {
        var text = "usage: provision [GLOBAL OPTIONS] COMMAND [OPTIONS]\n\nCommands:\n"
        text += table(ProvisionTool.commands.map { ($0.name, $0.summary) })
        text += "\nGlobal options (before or after the command):\n"
        text += table((GlobalOptions.declarations + [GlobalOptions.version]).map(row))
        text += "\n" + exitCodes
        text += "Run 'provision help COMMAND' (or 'provision COMMAND --help') for a command's options.\n"
        return text
    }

    /// The exit codes line, wrapped.
    private static var exitCodes: String {
        wrap("\(ExitCode.summary) (docs/cli.md).".split(separator: " ").map(String.init), first: "Exit codes:", indent: 2) + "\n"
    }

    /// The help table's row of an option: its label and help, `(required)` or `(repeatable)` added.
    private static func row(_ option: OptionDeclaration) -> (String, String) {
        let label = option.name == "help" ? "-h, --help" : option.label
        var help = option.help
        if option.isRequired { help += " (required)" }
        if option.kind == .repeatable { help += " (repeatable)" }
        if case .choices(let words) = option.completion, !words.isEmpty, !option.help.contains(words[0]) {
            help += "; one of " + words.joined(separator: ", ")
        }
        return (label, help)
    }

    /// Two aligned columns, the second wrapped; a label too wide for the first column gets a
    /// line of its own.
    static func table(_ rows: [(String, String)]) -> String {
        let column = min((rows.map(\.0.count).max() ?? 0) + 4, 30)
        var text = ""
        for (label, help) in rows {
            let words = help.split(separator: " ").map(String.init)
            if label.count + 4 > column {
                text += "  " + label + "\n"
                text += wrap(words, first: String(repeating: " ", count: column), indent: column) + "\n"
            } else {
                let head = "  " + label + String(repeating: " ", count: column - label.count - 2)
                text += wrap(words, first: head, indent: column) + "\n"
            }
        }
        return text
    }

    /// `first` followed by `words`, separated by spaces, wrapped at ``width`` with `indent`
    /// spaces before each further line.
    static func wrap(_ words: [String], first: String, indent: Int) -> String {
        var lines: [String] = []
        var line = first
        for word in words {
            if line.count + 1 + word.count > width && line.count > indent {
                lines.append(line)
                line = String(repeating: " ", count: indent) + word
            } else {
                line += (line.isEmpty || line.hasSuffix(" ") ? "" : " ") + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}

private extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
