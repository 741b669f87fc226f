import Operators
import Provisioning
import Reports

/// `provision operators list`: the portal's operators, without their hashes.
enum OperatorsListCommand: Command {
    static let path = ["operators", "list"]
    static let summary = "List the portal's operators and their roles"
    static let discussion = """
    One row per operator: name, role, whether disabled, when added and last changed (UTC).
    Password hashes are never shown.
    """
    static let options = [OutputFormat.option]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let format = try OutputFormat.parse(context)
        let accounts = try OperatorCommands.accounts(context, changing: false)
        var listing = Listing(columns: [
            .init(key: "name", title: "NAME", csv: "Name"), .init(key: "role", title: "ROLE", csv: "Role"),
            .init(key: "disabled", title: "DISABLED", csv: "Disabled"),
            .init(key: "createdAt", title: "ADDED", csv: "CreatedAt"),
            .init(key: "changedAt", title: "CHANGED", csv: "ChangedAt"),
        ])
        for account in try accounts.list() {
            listing.rows.append([.string(account.name), .string(account.role.rawValue), .bool(account.disabled),
                                 .string(OperatorCommands.timestamp(account.createdAt)),
                                 .string(OperatorCommands.timestamp(account.changedAt))])
        }
        switch format {
        case .json: context.output.write(listing.json.document)
        default: context.output.write(listing.rendered(format))
        }
        return .success
    }
}
