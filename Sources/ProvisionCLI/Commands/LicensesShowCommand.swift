import Reports
import Provisioning

/// `provision licenses show`: the portal's "Manage licenses" view of a customer, and with a
/// selection of users, whether all, some or none of them hold each product, and who.
enum LicensesShowCommand: Command {
    static let path = ["licenses", "show"]
    static let summary = "Seats per product (purchased, assigned, available) and who of a selection holds each"
    static let discussion = """
    Per product: seats purchased, assigned and available, and "buy more" when none are left
    ("over-assigned by N" when more are assigned than purchased, after a forced reduction).
    With a selection of active users, also per product: all, some or none of them hold it, and which.
    """
    static let options = [StoreLocator.customerOption.required()] + UserSelection.options + [OutputFormat.option]

    /// Names listed per product in the table before "and N more".
    static let namesShown = 5

    static func run(_ context: CommandContext) throws -> ExitCode {
        let format = try OutputFormat.parse(context)
        let store = try StoreLocator.open(context)
        let customer = try StoreLocator.customer(context, in: store)
        let selection = try selectedUsers(context, store: store, customer: customer.id)
        let names = Dictionary(uniqueKeysWithValues: try store.products().map { ($0.partNumber, $0.displayName) })
        var holders: [String: [String]] = [:]
        for user in selection ?? [] {
            for license in user.licenses { holders[license.partNumber, default: []].append(user.userPrincipalName) }
        }
        var columns: [Listing.Column] = [
            // CSV titles: `Product` and `Seats` as SampleData's subscriptions.csv names them.
            .init(key: "product", title: "PRODUCT", csv: "ProductName"),
            .init(key: "partNumber", title: "PART NUMBER", csv: "Product"),
            .init(key: "purchased", title: "PURCHASED", numeric: true, csv: "Seats"),
            .init(key: "assigned", title: "ASSIGNED", numeric: true, csv: "Assigned"),
            .init(key: "available", title: "AVAILABLE", numeric: true, csv: "Available"),
            .init(key: "note", title: "NOTE", csv: "Note"),
        ]
        if selection != nil {
            columns += [.init(key: "selected", title: "SELECTED", csv: "Selected"),
                        .init(key: "heldBy", title: "HELD BY", csv: "HeldBy")]
        }
        var listing = Listing(columns: columns)
        let selectedCount = selection?.count ?? 0
        for usage in try store.seatUsage(customerID: customer.id) {
            let note = usage.overAssigned > 0 ? "over-assigned by \(usage.overAssigned): buy more or revoke"
                : usage.available == 0 && usage.purchased > 0 ? "buy more" : ""
            var row: [JSONValue] = [.string(names[usage.partNumber] ?? usage.partNumber), .string(usage.partNumber),
                                    .int(usage.purchased), .int(usage.assigned), .int(usage.available), .string(note)]
            if selection != nil {
                let held = holders[usage.partNumber] ?? []
                let share = held.isEmpty ? "none" : held.count == selectedCount ? "all" : "some"
                row.append(.string(format == .table ? "\(share) (\(held.count) of \(selectedCount))" : share))
                if format == .table && held.count > namesShown {
                    row.append(.string(held.prefix(namesShown).joined(separator: ", ") + " and \(held.count - namesShown) more"))
                } else {
                    row.append(.array(held.map(JSONValue.string)))
                }
            }
            listing.rows.append(row)
        }
        switch format {
        case .json:
            var members: [(String, JSONValue)] = [("customer", .string(customer.id)), ("products", listing.json)]
            if let selection { members.insert(("selectedUsers", .int(selection.count)), at: 1) }
            context.output.write(JSONValue.object(members).document)
        case .table:
            context.output.write(TerminalText.escaped("Licenses of \(customer.name) (\(customer.id))")
                                 + (selection.map { ", \($0.count) selected user\($0.count == 1 ? "" : "s")" } ?? "") + "\n")
            context.output.write(listing.table)
        case .csv:
            context.output.write(listing.csv)
        }
        return .success
    }

    /// The selected active users, or `nil` without a selection.
    /// - Throws: ``CLIError/input(_:)`` naming a user that is not an active user of the customer.
    static func selectedUsers(_ context: CommandContext, store: any ProvisionStore, customer: String) throws -> [User]? {
        guard UserSelection.isGiven(context.arguments) else { return nil }
        if let filter = context.arguments.value("filter"), try UserSelection.filter(filter) == .deleted {
            throw CLIError.usage("--filter deleted: deleted users hold no seats; 'provision users list --filter deleted' lists them")
        }
        let names = try UserSelection.userPrincipalNames(context, directory: store, customerID: customer)
        var active: [String: User] = [:]
        for user in try store.users(customerID: customer, principalNames: names) where !user.isDeleted {
            active[user.userPrincipalName.lowercased()] = user
        }
        var seen = Set<String>()
        var users: [User] = []
        for name in names where seen.insert(name.lowercased()).inserted {
            guard let user = active[name.lowercased()] else {
                throw CLIError.input("user '\(name)' is not an active user of customer \(customer)")
            }
            users.append(user)
        }
        return users
    }
}
