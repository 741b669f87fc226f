import Operators
import Provisioning

/// `provision operators disable NAME`: the operator can no longer sign in.
enum OperatorsDisableCommand: Command {
    static let path = ["operators", "disable"]
    static let summary = "Stop a portal operator from signing in, keeping the account"
    static let discussion = """
    A disabled operator's sign-ins are refused (with the same message as a wrong password) and
    their sessions end at their next request. 'operators enable' undoes it. Takes admin-agent
    or global-admin (--as).
    """
    static let arguments = [OperatorCommands.nameArgument]
    static let options: [OptionDeclaration] = [TextOrJSON.option]

    static func run(_ context: CommandContext) throws -> ExitCode {
        try OperatorsStateChange.run(context, command: path.joined(separator: " "), disabled: true)
    }
}

/// `provision operators enable NAME`: a disabled operator may sign in again.
enum OperatorsEnableCommand: Command {
    static let path = ["operators", "enable"]
    static let summary = "Let a disabled portal operator sign in again"
    static let discussion = "Undoes 'operators disable'. Takes admin-agent or global-admin (--as)."
    static let arguments = [OperatorCommands.nameArgument]
    static let options: [OptionDeclaration] = [TextOrJSON.option]

    static func run(_ context: CommandContext) throws -> ExitCode {
        try OperatorsStateChange.run(context, command: path.joined(separator: " "), disabled: false)
    }
}

/// What `operators disable` and `operators enable` share.
enum OperatorsStateChange {
    static func run(_ context: CommandContext, command: String, disabled: Bool) throws -> ExitCode {
        let output = try AdminOutput(context)
        let accounts = try OperatorCommands.accounts(context, changing: true)
        let account = try OperatorCommands.refusing(command) {
            try accounts.setDisabled(name: context.arguments.positionals[0], disabled)
        }
        output.write(text: "operator \(account.name) is \(disabled ? "disabled" : "enabled")\n",
                     json: .object([(disabled ? "disabled" : "enabled", OperatorCommands.json(account))]))
        return .success
    }
}
