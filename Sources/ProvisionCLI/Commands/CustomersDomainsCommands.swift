import Provisioning
import Reports

/// `provision customers domains add ID DOMAIN...`: verifies more domains for a customer.
enum CustomersDomainsAddCommand: Command {
    static let path = ["customers", "domains", "add"]
    static let summary = "Add verified domains to a customer"
    static let discussion = """
    Each DOMAIN is a DNS name (RFC 1035 labels, at least two, at most 48 characters), not
    verified for another customer; one the customer already has is left as it is.
    Audit-logged; saved plans of the customer become stale.
    """
    static let arguments = [ArgumentDeclaration("ID", help: "the customer id"), ArgumentDeclaration("DOMAIN", help: "the domains", repeats: true)]
    static let options: [OptionDeclaration] = [TextOrJSON.option]

    static func run(_ context: CommandContext) throws -> ExitCode {
        try CustomersDomainsChange.run(context, adding: true)
    }
}

/// `provision customers domains remove ID DOMAIN...`: removes verified domains.
enum CustomersDomainsRemoveCommand: Command {
    static let path = ["customers", "domains", "remove"]
    static let summary = "Remove verified domains from a customer (refused while users sign in with them)"
    static let discussion = """
    Refused, naming how many, while active users still sign in with a DOMAIN (give them a
    user name on another domain, or delete them, first), and for the customer's last domain.
    Audit-logged; saved plans of the customer become stale.
    """
    static let arguments = [ArgumentDeclaration("ID", help: "the customer id"), ArgumentDeclaration("DOMAIN", help: "the domains", repeats: true)]
    static let options: [OptionDeclaration] = [TextOrJSON.option]

    static func run(_ context: CommandContext) throws -> ExitCode {
        try CustomersDomainsChange.run(context, adding: false)
    }
}

/// The one body of `customers domains add|remove`.
enum CustomersDomainsChange {
    static func run(_ context: CommandContext, adding: Bool) throws -> ExitCode {
        let output = try AdminOutput(context)
        let actor = try output.actor(.manageCustomers)
        let command = "customers domains " + (adding ? "add" : "remove")
        let id = context.arguments.positionals[0]
        let domains = Array(context.arguments.positionals.dropFirst())
        let options = [CustomerRules.Field.domains: "DOMAIN", CustomerRules.Field.id: "ID"]
        if adding, let problem = domains.lazy.compactMap({ CustomerRules.checkDomain($0.lowercased()) }).first {
            throw AdminOutput.refusal(problem, command: command, options: options)
        }
        let store = try StoreLocator.open(context)
        _ = try StoreLocator.customer(id: id, in: store)
        let changed: [String]
        do {
            changed = adding ? try AdminPolicy.addDomains(customerID: id, domains, by: actor, in: store)
                : try AdminPolicy.removeDomains(customerID: id, domains, by: actor, in: store)
        } catch let violation as Violation {
            throw AdminOutput.refusal(violation, command: command, options: options)
        }
        let customer = try StoreLocator.customer(id: id, in: store)
        let verb = adding ? "added" : "removed"
        output.write(text: (changed.isEmpty ? "\(id): no domain \(verb) (already as asked)\n"
                                : "\(id): \(verb) \(changed.joined(separator: ", "))\n")
                        + "\(id) signs in with: \(customer.domains.joined(separator: ", "))\n",
                     json: .object([("customer", AdminOutput.json(customer)), (verb, .strings(changed))]))
        return .success
    }
}
