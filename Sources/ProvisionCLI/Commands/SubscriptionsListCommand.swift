import Provisioning
import Reports

/// `provision subscriptions list --customer ID`: the seats a customer has bought, per product.
enum SubscriptionsListCommand: Command {
    static let path = ["subscriptions", "list"]
    static let summary = "Seats per product: purchased, assigned, available, over-assigned"
    static let discussion = """
    One row per product the customer has bought or assigns: seats purchased, assigned to
    active users, available, and over-assigned (more assigned than purchased, after a
    reduction with 'subscriptions set --force').
    """
    static let options: [OptionDeclaration] = [StoreLocator.customerOption.required(), OutputFormat.option]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let format = try OutputFormat.parse(context)
        let store = try StoreLocator.open(context)
        let customer = try StoreLocator.customer(context, in: store)
        let names = Dictionary(uniqueKeysWithValues: try store.products().map { ($0.partNumber, $0.displayName) })
        var listing = Listing(columns: [
            // CSV: subscriptions.csv's Product and Seats (with the customer added by the import's
            // own column), so a listing can be edited and imported.
            .init(key: "partNumber", title: "PART NUMBER", csv: "Product"), .init(key: "product", title: "PRODUCT", csv: "ProductName"),
            .init(key: "purchased", title: "PURCHASED", numeric: true, csv: "Seats"),
            .init(key: "assigned", title: "ASSIGNED", numeric: true, csv: "Assigned"),
            .init(key: "available", title: "AVAILABLE", numeric: true, csv: "Available"),
            .init(key: "overAssigned", title: "OVER-ASSIGNED", numeric: true, csv: "OverAssigned"),
        ])
        for usage in try store.seatUsage(customerID: customer.id) {
            listing.rows.append([.string(usage.partNumber), .string(names[usage.partNumber] ?? usage.partNumber),
                                 .int(usage.purchased), .int(usage.assigned), .int(usage.available), .int(usage.overAssigned)])
        }
        switch format {
        case .json:
            context.output.write(JSONValue.object([("customer", .string(customer.id)), ("products", listing.json)]).document)
        case .table:
            context.output.write(TerminalText.escaped("Subscriptions of \(customer.name) (\(customer.id))") + "\n")
            context.output.write(listing.rows.isEmpty
                ? "none yet: provision subscriptions set --customer \(customer.id) --product SKU --seats N\n" : listing.table)
        case .csv:
            context.output.write(listing.csv)
        }
        return .success
    }
}
