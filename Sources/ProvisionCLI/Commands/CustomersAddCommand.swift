import Provisioning

/// `provision customers add ID --name NAME --location XX --domains a.com,b.com`.
enum CustomersAddCommand: Command {
    static let path = ["customers", "add"]
    static let summary = "Add a customer with its verified domains and default usage location"
    static let discussion = """
    ID is a slug: 2-64 of lower-case a-z, 0-9 and '-', not starting or ending with '-'
    (e.g. contoso, fabrikam-de). --location is the default usage location of new users: an
    ISO 3166-1 alpha-2 code (TW) or a country name (Taiwan). --domains are the verified
    domains users sign in with (RFC 1035 labels, at least two, at most 48 characters); a
    domain another customer owns is refused, naming it. Audit-logged.
    """
    static let arguments = [ArgumentDeclaration("ID", help: "the customer id, a slug (contoso, fabrikam-de)")]
    static let options: [OptionDeclaration] = [
        .value("name", "NAME", help: "the customer's name").required(),
        .value("location", "XX", help: "the default usage location of new users: an ISO code or a country name").required(),
        .value("domains", "a.com,b.com", help: "the verified domains users sign in with, comma-separated").required(),
        TextOrJSON.option,
    ]

    /// The option of each field, for messages.
    static let fieldOptions = [CustomerRules.Field.id: "ID", CustomerRules.Field.name: "--name",
                               CustomerRules.Field.location: "--location", CustomerRules.Field.domains: "--domains"]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let output = try AdminOutput(context)
        let actor = try output.actor(.manageCustomers)
        let arguments = context.arguments
        let id = arguments.positionals[0]
        let missing = ["name", "location", "domains"].filter { arguments.value($0) == nil }
        guard missing.isEmpty else {
            throw CLIError.usage("customers add: " + missing.map { "--\($0)" }.joined(separator: ", ") + " required")
        }
        let location = try AdminOutput.location(arguments.value("location") ?? "")
        let customer = Customer(id: id, name: arguments.value("name") ?? "", domains: DirectJob.list(arguments.value("domains")),
                                defaultUsageLocation: location)
        // Checked before the store opens, so a typo is told even without one.
        if let problem = CustomerRules.check(customer) {
            throw AdminOutput.refusal(problem, command: "customers add", options: fieldOptions)
        }
        let store = try StoreLocator.open(context)
        do {
            try AdminPolicy.addCustomer(customer, by: actor, in: store)
        } catch let violation as Violation {
            throw AdminOutput.refusal(violation, command: "customers add", options: fieldOptions)
        }
        output.write(text: """
            added customer \(customer.id): \(customer.name), location \(customer.defaultUsageLocation), \
            domains \(customer.domains.joined(separator: ", "))
            next: provision subscriptions set --customer \(customer.id) --product SKU --seats N

            """, json: .object([("added", AdminOutput.json(customer))]))
        return .success
    }
}
