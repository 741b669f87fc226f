import CSV
import Foundation
import Provisioning

/// `customers.csv` and `subscriptions.csv`, as in `SampleData/`: the one reader of both, for
/// `init --sample` and for `customers import` / `subscriptions import`.
///
/// - `customers.csv`: `Id,Name,DefaultUsageLocation,Domains`; the location an ISO 3166-1
///   alpha-2 code or a country name (``CountryNames``), the domains separated by `;`.
/// - `subscriptions.csv`: `Customer,Product,Seats`; the product as input files name it (part
///   number, GUID or display name, case-insensitive: ``ProductCatalog/resolve(_:field:)``).
///
/// Each file is written in one transaction: a bad row refuses the whole file, naming the
/// file, line and column, and nothing is written.
enum CustomerFiles {
    /// The columns of `customers.csv`, named as ``CustomerRules/Field``.
    static let customerColumns = [CustomerRules.Field.id, CustomerRules.Field.name, CustomerRules.Field.location,
                                  CustomerRules.Field.domains]
    /// The columns of `subscriptions.csv`.
    static let subscriptionColumns = [CustomerRules.Field.customer, CustomerRules.Field.product, CustomerRules.Field.seats]

    /// Opens `given` (`-` is standard input) with the project's CSV reader and reads its rows.
    /// - Throws: ``CSV/CSVError`` or ``CatalogError`` naming the file.
    static func table(_ given: String, columns: [String], context: CommandContext) throws -> SampleTable {
        let options = CSVReadOptions(fileName: given)
        var reader = given == "-" ? try CSVReader(fileHandle: context.input, options: options)
            : try CSVReader(path: context.resolve(given), options: options)
        return try SampleTable(reading: &reader, fileName: given, columns: columns)
    }

    /// Adds the customers of a `customers.csv` table to the store in one transaction.
    /// - Returns: the customers added, in file order.
    /// - Throws: ``CatalogError`` naming the file, line and column of the first bad row.
    @discardableResult
    static func addCustomers(_ table: SampleTable, to store: any ProvisionStore, by actor: AdminActor?) throws -> [Customer] {
        var customers: [Customer] = []
        for row in table.rows {
            guard let location = CountryNames.code(forNameOrCode: row[2]) else {
                let problem = CustomerRules.checkLocation(row[2])
                throw row.problem((problem?.message ?? "location '\(row[2])' is unknown") + (problem?.fix.map { "; \($0)" } ?? ""),
                                  column: 2)
            }
            customers.append(Customer(id: row[0], name: row[1], domains: SampleLoader.list(row[3]),
                                      defaultUsageLocation: location))
        }
        do {
            try AdminPolicy.addCustomers(customers, by: actor, in: store)
        } catch let refusal as AdminBatchRefusal {
            throw problem(refusal, rows: table.rows, columns: customerColumns)
        }
        return customers
    }

    /// Sets the seats of a `subscriptions.csv` table in one transaction.
    /// - Parameter force: let a reduction go below the assigned seats.
    /// - Returns: one change per row, in file order.
    /// - Throws: ``CatalogError`` naming the file, line and column of the first bad row; a
    ///   reduction below the assigned seats says how many users hold the product.
    @discardableResult
    static func setSeats(_ table: SampleTable, in store: any ProvisionStore, force: Bool,
                         by actor: AdminActor?) throws -> [SeatChange] {
        let catalog = ProductCatalog(try store.products())
        var subscriptions: [Subscription] = []
        for row in table.rows {
            let product: Product
            switch catalog.resolve(row[1], field: CustomerRules.Field.product) {
            case .success(let found): product = found
            case .failure(let violation): throw row.problem(text(violation), column: 1)
            }
            guard let seats = Int(row[2]) else {
                throw row.problem("'\(row[2])' is not a number of seats (a whole number from 0)", column: 2)
            }
            subscriptions.append(Subscription(customerID: row[0], partNumber: product.partNumber, seats: seats))
        }
        do {
            return try AdminPolicy.setSeats(subscriptions, force: force, by: actor, in: store)
        } catch let refusal as AdminBatchRefusal {
            throw problem(refusal, rows: table.rows, columns: subscriptionColumns)
        }
    }

    /// A refused row as an error at its line and the column of the field it names.
    static func problem(_ refusal: AdminBatchRefusal, rows: [SampleTable.Row], columns: [String]) -> Error {
        guard rows.indices.contains(refusal.index) else { return refusal }
        let column = refusal.violation.field.flatMap { columns.firstIndex(of: $0) }
        return rows[refusal.index].problem(text(refusal.violation), column: column)
    }

    /// A violation's message and fix, as one line.
    static func text(_ violation: Violation) -> String {
        violation.message + (violation.fix.map { "; \($0)" } ?? "")
    }
}
