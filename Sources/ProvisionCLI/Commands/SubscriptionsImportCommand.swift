import Provisioning
import Reports

/// `provision subscriptions import FILE`: the seats of many customers and products at once,
/// all or nothing.
enum SubscriptionsImportCommand: Command {
    static let path = ["subscriptions", "import"]
    static let summary = "Set the seats of a subscriptions.csv (all or nothing)"
    static let discussion = """
    FILE has SampleData/subscriptions.csv's columns: Customer,Product,Seats (the product as
    input files name it: part number, GUID or display name; - reads standard input). Each
    row is 'subscriptions set' for one product, and the file is written in one transaction: a
    bad row refuses the whole file, naming its line and column, and nothing is written. A
    reduction below the seats assigned is refused unless --force. Audit-logged.

    With --graph, FILE is Microsoft Graph's response to GET /subscribedSkus for one customer
    (several pages: several files, or one JSON array of pages; docs/graph-import.md): each SKU
    is matched by skuId against the catalog and gets prepaidUnits.enabled seats, SKUs the
    catalog lacks are reported, consumedUnits is compared with the store's assignments. All or
    nothing, under the customer's lock.
    """
    static let arguments = [ArgumentDeclaration("FILE", help: "a subscriptions.csv (- for standard input), or more pages after --graph", optional: true, repeats: true, completion: .file)]
    static let options: [OptionDeclaration] = [
        .repeatable("graph", "FILE", help: "a page of Microsoft Graph's response (more pages: more files, in order)", completion: .file),
        .value("customer", "ID", help: "with --graph: the customer the export is of"),
        .flag("force", help: "allow reductions below the seats assigned (a subscriptions.csv)"),
        .value("wait", "SECONDS", help: "wait for another job's lock on the customer instead of failing with exit 3"),
        TextOrJSON.option,
    ]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let output = try AdminOutput(context)
        let actor = try output.actor(.manageSubscriptions)
        let graph = context.arguments.all("graph")
        if !graph.isEmpty {
            guard let customer = context.arguments.value("customer") else {
                throw CLIError.usage("subscriptions import --graph needs --customer ID: a Graph export is one tenant's")
            }
            if context.arguments.flag("force") { throw CLIError.usage("--force does not apply to --graph: the tenant's seats are taken as they are") }
            return try SubscribedSkusImport.run(context, customer: customer, files: graph + context.arguments.positionals)
        }
        guard context.arguments.positionals.count == 1 else {
            throw CLIError.usage("subscriptions import takes one FILE (or --graph FILE... --customer ID)")
        }
        for option in ["customer", "wait"] where context.arguments.value(option) != nil {
            throw CLIError.usage("--\(option) goes with --graph: a subscriptions.csv names its customers in its Customer column")
        }
        let given = context.arguments.positionals[0]
        let store = try StoreLocator.open(context)
        let changes = try importCSV(given, context: context, store: store, actor: actor)
        write(changes, from: given, output: output)
        return .success
    }

    /// Reads `given` as a subscriptions.csv and sets its seats in one transaction.
    static func importCSV(_ given: String, context: CommandContext, store: any ProvisionStore,
                          actor: AdminActor) throws -> [SeatChange] {
        let table = try CustomerFiles.table(given, columns: CustomerFiles.subscriptionColumns, context: context)
        return try CustomerFiles.setSeats(table, in: store, force: context.arguments.flag("force"), by: actor)
    }

    /// Prints what an import changed: one line per subscription, or one JSON document.
    static func write(_ changes: [SeatChange], from given: String, output: AdminOutput) {
        let changed = changes.filter { $0.before != $0.after }.count
        output.write(text: "imported \(given): \(changes.count) subscription\(changes.count == 1 ? "" : "s"), "
                        + "\(changed) changed\n" + changes.map(SubscriptionsSetCommand.describe).joined(),
                     json: .object([("file", .string(given)), ("changed", .int(changed)),
                                    ("subscriptions", .array(changes.map(SubscriptionsSetCommand.json)))]))
    }
}
