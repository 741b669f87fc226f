import Provisioning

extension StoreLocator {
    /// `--customer ID` of the commands that read one customer (required by most: `.required()`).
    static let customerOption = OptionDeclaration.value("customer", "ID", help: "the customer")

    /// The customer named by `--customer`.
    /// - Throws: ``CLIError/usage(_:)`` when `--customer` is missing, ``CLIError/input(_:)``
    ///   naming the id and the known customers when there is no such customer.
    static func customer(_ context: CommandContext, in store: any ProvisionStore) throws -> Customer {
        guard let id = context.arguments.value("customer") else { throw CLIError.usage("--customer ID is required") }
        return try customer(id: id, in: store)
    }

    /// The customer with this id, in any case (``Customer/matching(_:in:)``: `CONTOSO` finds
    /// `contoso`).
    /// - Throws: ``CLIError/input(_:)`` naming the id, the closest known ids and the known customers.
    static func customer(id: String, in store: any ProvisionStore) throws -> Customer {
        let customers = try store.customers()
        if let found = Customer.matching(id, in: customers) { return found }
        let ids = customers.map(\.id)
        let closest = Customer.closestIDs(to: id, among: ids)
        let known = ids.joined(separator: ", ")
        throw CLIError.input("unknown customer '\(id)'"
            + (closest.isEmpty ? "" : "; did you mean \(closest.joined(separator: " or "))?")
            + "; the store has: \(known.isEmpty ? "none (run provision init --sample)" : known)")
    }
}
