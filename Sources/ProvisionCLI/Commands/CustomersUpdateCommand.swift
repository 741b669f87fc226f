import Provisioning

/// `provision customers update ID [--name NAME] [--location XX]`.
enum CustomersUpdateCommand: Command {
    static let path = ["customers", "update"]
    static let summary = "Change a customer's name or default usage location"
    static let discussion = """
    Changes what is given; the rest stays. --location (an ISO code or a country name) is the
    default usage location of new users that name none: changing it makes saved plans of the
    customer stale (exit 3 on apply). Audit-logged; a value as it already is writes nothing.
    """
    static let arguments = [ArgumentDeclaration("ID", help: "the customer id")]
    static let options: [OptionDeclaration] = [
        .value("name", "NAME", help: "the new name"),
        .value("location", "XX", help: "the new default usage location: an ISO code or a country name"),
        TextOrJSON.option,
    ]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let output = try AdminOutput(context)
        let actor = try output.actor(.manageCustomers)
        let arguments = context.arguments
        let id = arguments.positionals[0]
        guard arguments.value("name") != nil || arguments.value("location") != nil else {
            throw CLIError.usage("customers update: give --name NAME and/or --location XX")
        }
        let location = try arguments.value("location").map { try AdminOutput.location($0) }
        let store = try StoreLocator.open(context)
        _ = try StoreLocator.customer(id: id, in: store)
        let result: (customer: Customer, changed: [String])
        do {
            result = try AdminPolicy.updateCustomer(id: id, name: arguments.value("name"), location: location, by: actor,
                                                    in: store)
        } catch let violation as Violation {
            throw AdminOutput.refusal(violation, command: "customers update", options: CustomersAddCommand.fieldOptions)
        }
        let customer = result.customer
        let what = result.changed.isEmpty ? "unchanged" : "updated"
        output.write(text: "\(what) customer \(customer.id): \(customer.name), location \(customer.defaultUsageLocation)\n",
                     json: .object([("customer", AdminOutput.json(customer)), ("changed", .strings(result.changed))]))
        return .success
    }
}
