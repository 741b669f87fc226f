import Operators
import Provisioning

/// `provision operators add NAME --role ROLE`: a portal operator, password from standard input.
enum OperatorsAddCommand: Command {
    static let path = ["operators", "add"]
    static let summary = "Add a portal operator with a role; the password is read from standard input"
    static let discussion = """
    NAME is the sign-in name for the portal (provision serve): 1-64 of A-Z a-z 0-9 . _ - @,
    starting with a letter or a digit, matched without regard to case. The password is never
    an argument: on a terminal it is asked twice without echo; otherwise the first line of
    standard input is read (printf '%s\\n' "$PASSWORD" | provision operators add ...). It has
    12 to 256 characters and is not the name. It is stored as a salted scrypt hash only
    (docs/portal-auth.md). Managing operators takes admin-agent or global-admin (--as).
    """
    static let arguments = [OperatorCommands.nameArgument]
    static let options: [OptionDeclaration] = [OperatorCommands.roleOption.required(), TextOrJSON.option]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let output = try AdminOutput(context)
        let name = context.arguments.positionals[0]
        let role = try OperatorCommands.role(context.arguments.value("role") ?? "")
        let command = path.joined(separator: " ")
        // Refused before the store opens and the password is asked for, so nobody types one in vain.
        if let reason = OperatorName.problem(name) {
            throw CLIError.input("\(command): \(OperatorAccountError.invalidName(name, reason: reason))")
        }
        let accounts = try OperatorCommands.accounts(context, changing: true)
        try OperatorCommands.refusing(command) {
            if let existing = try accounts.account(named: name) { throw OperatorAccountError.exists(existing.name) }
        }
        let password = try PasswordPrompt.read(for: name, command: command, context: context)
        let account = try OperatorCommands.refusing(command) {
            try accounts.add(name: name, role: role, password: password)
        }
        output.write(text: "added operator \(account.name) (\(account.role.rawValue))\n",
                     json: .object([("added", OperatorCommands.json(account))]))
        return .success
    }
}
