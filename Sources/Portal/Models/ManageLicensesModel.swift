import Provisioning

/// What "Manage licenses" shows for a selection: per product, the seats available, whether
/// all, some or none of the selected users hold it (``TriState``), who does, and its service
/// plans, ticked where enabled.
public struct ManageLicensesModel: Sendable, Hashable {
    /// One product's part of the form.
    public struct ProductRow: Sendable, Hashable {
        /// The product.
        public var product: Product
        /// Its seats for the customer (zero purchased when it has none).
        public var seats: SeatUsage
        /// The selected users who hold it, sorted by user name.
        public var holders: [User]
        /// All, some or none of the selection.
        public var state: TriState
        /// The plans disabled for every holder (none when nobody holds it): ticked off on the form.
        public var commonDisabledPlans: [String]
    }

    /// The customer.
    public var customer: Customer
    /// The selected users, sorted by user name.
    public var users: [User]
    /// One row per product the customer has seats of, or that a selected user holds.
    public var rows: [ProductRow]
    /// What parsing the selection dropped, if anything.
    public var droppedNote: String?

    /// Loads the form for the selection the request carries (`sel` fields); unknown ids are ignored.
    /// - Throws: ``PortalError/unknownCustomer(_:)``, the directory's errors.
    public static func load(directory: Directory, customerID: String, form: FormData) throws -> ManageLicensesModel {
        let customer = try PortalCustomers.customer(customerID, in: directory)
        let selection = Selection.parse(form)
        let users = try selection.users(in: directory, customerID: customer.id)
        let usage = try directory.seatUsage(customerID: customer.id)
        var rows: [ProductRow] = []
        for product in try directory.products().sorted(by: { $0.displayName < $1.displayName }) {
            let seats = usage.first { $0.partNumber == product.partNumber }
                ?? SeatUsage(partNumber: product.partNumber, purchased: 0, assigned: 0)
            let holders = users.filter { $0.license(product.partNumber) != nil }
            guard seats.purchased > 0 || !holders.isEmpty else { continue }
            let disabledSets = holders.compactMap { $0.license(product.partNumber).map { Set($0.disabledPlans) } }
            let common = disabledSets.dropFirst().reduce(disabledSets.first ?? []) { $0.intersection($1) }
            rows.append(ProductRow(product: product, seats: seats, holders: holders,
                                   state: TriState(holders: holders.count, selected: users.count),
                                   commonDisabledPlans: common.sorted()))
        }
        return ManageLicensesModel(customer: customer, users: users, rows: rows, droppedNote: selection.droppedNote)
    }
}
