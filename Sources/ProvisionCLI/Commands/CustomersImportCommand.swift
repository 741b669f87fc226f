import Provisioning

/// `provision customers import FILE`: many customers at once, all or nothing.
enum CustomersImportCommand: Command {
    static let path = ["customers", "import"]
    static let summary = "Add the customers of a customers.csv (all or nothing)"
    static let discussion = """
    FILE has SampleData/customers.csv's columns: Id,Name,DefaultUsageLocation,Domains (the
    location an ISO code or a country name, the domains separated by ';'; - reads standard
    input). Every row is checked as 'customers add' checks it, and the file is written in one
    transaction: a bad row refuses the whole file, naming its line and column, and nothing is
    written. Audit-logged.
    """
    static let arguments = [ArgumentDeclaration("FILE", help: "a customers.csv, or - for standard input", completion: .file)]
    static let options: [OptionDeclaration] = [TextOrJSON.option]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let output = try AdminOutput(context)
        let actor = try output.actor(.manageCustomers)
        let given = context.arguments.positionals[0]
        let store = try StoreLocator.open(context)
        let table = try CustomerFiles.table(given, columns: CustomerFiles.customerColumns, context: context)
        let customers = try CustomerFiles.addCustomers(table, to: store, by: actor)
        let ids = customers.isEmpty ? "" : " (\(customers.map(\.id).joined(separator: ", ")))"
        output.write(text: "imported \(given): \(customers.count) customer\(customers.count == 1 ? "" : "s")\(ids)\n",
                     json: .object([("file", .string(given)), ("added", .array(customers.map(AdminOutput.json)))]))
        return .success
    }
}
