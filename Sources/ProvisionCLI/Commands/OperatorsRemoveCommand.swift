import Operators
import Provisioning

/// `provision operators remove NAME`.
enum OperatorsRemoveCommand: Command {
    static let path = ["operators", "remove"]
    static let summary = "Remove a portal operator"
    static let discussion = """
    Deletes the operator and their password hash; their sessions in a running portal end at
    their next request. Takes admin-agent or global-admin (--as).
    """
    static let arguments = [OperatorCommands.nameArgument]
    static let options: [OptionDeclaration] = [TextOrJSON.option]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let output = try AdminOutput(context)
        let name = context.arguments.positionals[0]
        let accounts = try OperatorCommands.accounts(context, changing: true)
        let account = try OperatorCommands.refusing(path.joined(separator: " ")) { try accounts.remove(name: name) }
        output.write(text: "removed operator \(account.name) (\(account.role.rawValue))\n",
                     json: .object([("removed", OperatorCommands.json(account))]))
        return .success
    }
}
