import Reports
import Provisioning

/// `provision customers list`: every customer with its domains, default location, users and seats.
enum CustomersListCommand: Command {
    static let path = ["customers", "list"]
    static let summary = "List customers with their domains, location, users and seats"
    static let discussion = """
    One row per customer: id, name, default usage location, verified domains, active and
    deleted users, and seats assigned of purchased (all products). JSON adds the seats per product.
    """
    static let options = [OutputFormat.option]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let format = try OutputFormat.parse(context)
        let store = try StoreLocator.open(context)
        var listing = Listing(columns: [
            // CSV titles: SampleData's customers.csv for the first four, as `customers import` reads them.
            .init(key: "id", title: "ID", csv: "Id"), .init(key: "name", title: "NAME", csv: "Name"),
            .init(key: "defaultUsageLocation", title: "LOCATION", csv: "DefaultUsageLocation"),
            .init(key: "domains", title: "DOMAINS", csv: "Domains"),
            .init(key: "users", title: "USERS", numeric: true, csv: "Users"),
            .init(key: "deletedUsers", title: "DELETED", numeric: true, csv: "DeletedUsers"),
            .init(key: "seatsAssigned", title: "ASSIGNED", numeric: true, csv: "SeatsAssigned"),
            .init(key: "seatsPurchased", title: "PURCHASED", numeric: true, csv: "SeatsPurchased"),
        ])
        var details: [JSONValue] = []
        for customer in try store.customers() {
            let counts = try store.userCounts(customerID: customer.id)
            let seats = try store.seatUsage(customerID: customer.id)
            let row: [JSONValue] = [
                .string(customer.id), .string(customer.name), .string(customer.defaultUsageLocation),
                .array(customer.domains.map(JSONValue.string)), .int(counts.active), .int(counts.deleted),
                .int(seats.reduce(0) { $0 + $1.assigned }), .int(seats.reduce(0) { $0 + $1.purchased }),
            ]
            listing.rows.append(row)
            let products: [JSONValue] = seats.map { usage in
                .object([("partNumber", .string(usage.partNumber)), ("purchased", .int(usage.purchased)),
                         ("assigned", .int(usage.assigned)), ("available", .int(usage.available))])
            }
            details.append(.object(zip(listing.columns, row).map { ($0.key, $1) } + [("seats", .array(products))]))
        }
        switch format {
        case .json: context.output.write(JSONValue.array(details).document)
        default: context.output.write(listing.rendered(format))
        }
        return .success
    }
}
