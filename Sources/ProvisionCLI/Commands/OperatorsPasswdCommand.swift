import Operators
import Provisioning

/// `provision operators passwd NAME`: a new password for a portal operator, from standard input.
enum OperatorsPasswdCommand: Command {
    static let path = ["operators", "passwd"]
    static let summary = "Set a portal operator's password, read from standard input"
    static let discussion = """
    Reads the new password as 'operators add' does (asked twice without echo on a terminal,
    else the first line of standard input) and stores a new salted scrypt hash. The
    operator's sessions in a running portal end at their next request. Takes admin-agent or
    global-admin (--as).
    """
    static let arguments = [OperatorCommands.nameArgument]
    static let options: [OptionDeclaration] = [TextOrJSON.option]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let output = try AdminOutput(context)
        let name = context.arguments.positionals[0]
        let accounts = try OperatorCommands.accounts(context, changing: true)
        let command = path.joined(separator: " ")
        let existing = try OperatorCommands.refusing(command) { () throws -> OperatorAccount in
            guard let account = try accounts.account(named: name) else { throw OperatorAccountError.unknown(name) }
            return account
        }
        let password = try PasswordPrompt.read(for: existing.name, command: command, context: context)
        let account = try OperatorCommands.refusing(command) { try accounts.changePassword(name: existing.name, to: password) }
        output.write(text: "changed the password of operator \(account.name)\n",
                     json: .object([("changed", OperatorCommands.json(account))]))
        return .success
    }
}
