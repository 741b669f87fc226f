import Foundation
import Provisioning

/// What the Customers page shows: the customers matching the search, each with its seats at
/// a glance (per product: assigned of purchased, and whether any are left).
public struct CustomersPageModel: Sendable, Hashable {
    /// One customer's row.
    public struct Row: Sendable, Hashable {
        /// The customer.
        public var customer: Customer
        /// Seats per product the customer has bought or assigned, by display name.
        public var seats: [Seats]
    }

    /// One product's seats in a row.
    public struct Seats: Sendable, Hashable {
        /// The product's display name.
        public var displayName: String
        /// The usage.
        public var usage: SeatUsage
    }

    /// The search as typed.
    public var search: String
    /// The matching customers, by id.
    public var rows: [Row]
    /// Customers in all (before the search).
    public var total: Int
    /// Matching customers not shown (beyond ``maximumRows``).
    public var omitted: Int

    /// Rows shown at most; a search narrows the rest.
    public static let maximumRows = 200

    /// Loads the page: customers whose id, name or a domain contains `search` (any case).
    public static func load(directory: Directory, search: String?) throws -> CustomersPageModel {
        let text = (search ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let needle = text.lowercased()
        let customers = try directory.customers()
        let matching = customers.filter { customer in
            needle.isEmpty || customer.id.lowercased().contains(needle) || customer.name.lowercased().contains(needle)
                || customer.domains.contains { $0.contains(needle) }
        }
        let products = try directory.products()
        var rows: [Row] = []
        for customer in matching.prefix(maximumRows) {
            let seats = try directory.seatUsage(customerID: customer.id)
                .filter { $0.purchased > 0 || $0.assigned > 0 }
                .map { usage in
                    Seats(displayName: products.first { $0.partNumber == usage.partNumber }?.displayName ?? usage.partNumber,
                          usage: usage)
                }
                .sorted { $0.displayName < $1.displayName }
            rows.append(Row(customer: customer, seats: seats))
        }
        return CustomersPageModel(search: text, rows: rows, total: customers.count,
                                  omitted: max(0, matching.count - maximumRows))
    }
}

/// Looking customers up for the pages.
enum PortalCustomers {
    /// The customer with `id` (any case), as the store spells it.
    /// - Throws: ``PortalError/unknownCustomer(_:)``.
    static func customer(_ id: String, in directory: Directory) throws -> Customer {
        guard let customer = Customer.matching(id, in: try directory.customers()) else { throw PortalError.unknownCustomer(id) }
        return customer
    }
}
