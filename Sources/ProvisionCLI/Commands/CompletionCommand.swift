/// `provision completion bash|zsh`: prints a shell completion script generated from the
/// commands' declarations.
enum CompletionCommand: Command {
    static let path = ["completion"]
    static let summary = "Print the Bash or zsh completion script"
    static let discussion = """
    The script completes commands, subcommands, each command's options, the words of options
    with a fixed set of values (--format, --as, ...) and file names for FILE arguments. Install:
      provision completion bash > ~/.local/share/bash-completion/completions/provision
      provision completion zsh > "${fpath[1]}/_provision"    # then restart zsh
    or, for the current shell only: source <(provision completion bash).
    """
    static let arguments = [ArgumentDeclaration("SHELL", help: "bash or zsh", completion: .choices(["bash", "zsh"]))]

    static let options: [OptionDeclaration] = []

    static func run(_ context: CommandContext) throws -> ExitCode {
        let shell = context.arguments.positionals[0]
        switch shell.lowercased() {
        case "bash": context.output.write(CompletionScript.bash())
        case "zsh": context.output.write(CompletionScript.zsh())
        default: throw CLIError.usage("completion: unknown shell '\(shell)'; use bash or zsh")
        }
        return .success
    }
}
