import CSV
import Foundation
import Provisioning

/// Loads `SampleData/` into a new store for `provision init --sample`: the catalog subset, the
/// licensing rules, the customers with their domains, their subscriptions, and the sample users
/// (created through the store's `apply`, so seats and names are checked as for any job).
///
/// Files (UTF-8, header row; see `SampleData/README.md`):
/// - `catalog.csv`: Microsoft's catalog format (``CatalogCSV``);
/// - `licensing-rules.csv`: `docs/rules.md` (``RulesCSV``);
/// - `customers.csv` and `subscriptions.csv`: read by ``CustomerFiles`` (as `customers import`
///   and `subscriptions import` read them);
/// - `sample-users.csv`: the native format's columns with a `Customer` column
///   (`Licenses` and `Roles` separated by `;`, `DisabledPlans` as `SKU:PLAN;…`).
struct SampleLoader {
    let directory: String
    let now: Date
    let random: RandomSource

    /// What was loaded.
    struct Summary {
        var products = 0
        var plans = 0
        var rules = 0
        var customers: [String] = []
        var subscriptions = 0
        var users = 0
    }

    /// The sample directory: `--sample-dir`, else `PROVISION_SAMPLE_DATA`, else the first
    /// `SampleData` holding `catalog.csv` in the working directory or above it, or above the
    /// `provision` executable (which lives in the package's build folder).
    /// - Throws: ``CLIError/input(_:)`` saying where it looked.
    static func locate(_ context: CommandContext) throws -> String {
        if let given = context.arguments.value("sample-dir") ?? context.environment["PROVISION_SAMPLE_DATA"] {
            let path = context.resolve(given)
            guard FileManager.default.fileExists(atPath: path + "/catalog.csv") else {
                throw CLIError.input("\(path): no catalog.csv there; --sample-dir must name the project's SampleData folder")
            }
            return path
        }
        var starts = [context.currentDirectory]
        if let executable = Bundle.main.executablePath { starts.append((executable as NSString).deletingLastPathComponent) }
        for start in starts {
            var folder = start
            for _ in 0..<8 {
                let candidate = (folder as NSString).appendingPathComponent("SampleData")
                if FileManager.default.fileExists(atPath: candidate + "/catalog.csv") { return candidate }
                let parent = (folder as NSString).deletingLastPathComponent
                if parent == folder { break }
                folder = parent
            }
        }
        throw CLIError.input("cannot find the SampleData folder (looked in and above \(starts.joined(separator: " and "))); "
                             + "pass --sample-dir DIR or set PROVISION_SAMPLE_DATA")
    }

    /// Loads every sample file into `store`.
    /// - Throws: ``CatalogError`` or ``CSV/CSVError`` naming the file, line and column of a bad value.
    func load(into store: any ProvisionStore) throws -> Summary {
        var summary = Summary()
        let catalog = try CatalogCSV.read(path: file("catalog.csv"), options: CSVReadOptions(fileName: file("catalog.csv")))
        _ = try store.importCatalog(catalog.products)
        summary.products = catalog.products.count
        summary.plans = catalog.planCount
        let rules = try RulesCSV.read(path: file("licensing-rules.csv"),
                                      options: CSVReadOptions(fileName: file("licensing-rules.csv")))
        if let problem = rules.unknownReferences(in: catalog.products).first { throw problem }
        try store.storeRules(rules.rules)
        summary.rules = rules.rules.rules.count
        // The customers and seats are written as `customers import` and `subscriptions import` write them.
        let actor = AdminActor(operatorName: "provision init", role: .adminAgent, batchID: "init-sample", now: now)
        var customers: [String: Customer] = [:]
        let customerTable = try SampleTable(path: file("customers.csv"), columns: CustomerFiles.customerColumns)
        for customer in try CustomerFiles.addCustomers(customerTable, to: store, by: actor) {
            customers[customer.id] = customer
            summary.customers.append(customer.id)
        }
        let seatTable = try SampleTable(path: file("subscriptions.csv"), columns: CustomerFiles.subscriptionColumns)
        summary.subscriptions = try CustomerFiles.setSeats(seatTable, in: store, force: false, by: actor).count
        summary.users = try loadUsers(into: store, customers: customers)
        return summary
    }

    private func loadUsers(into store: any ProvisionStore, customers: [String: Customer]) throws -> Int {
        let table = try SampleTable(path: file("sample-users.csv"), columns: [
            "Customer", "UserPrincipalName", "DisplayName", "FirstName", "LastName", "JobTitle", "Department",
            "UsageLocation", "Licenses", "DisabledPlans", "Roles"])
        var sets: [UserChangeSet] = []
        for (index, row) in table.rows.enumerated() {
            guard let customer = customers[row[0]] else { throw row.problem("unknown customer '\(row[0])'", column: 0) }
            if let problem = IdentifierRules.checkUserPrincipalName(row[1], customer: customer) {
                throw row.problem(problem.message, column: 1)
            }
            var licenses = Self.list(row[8]).map { LicenseAssignment(partNumber: $0) }
            for entry in Self.list(row[9]) {
                let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2, let at = licenses.firstIndex(where: { $0.partNumber == parts[0] }) else {
                    throw row.problem("'\(entry)' is not SKU:PLAN for a product in Licenses", column: 9)
                }
                licenses[at] = LicenseAssignment(partNumber: parts[0], disabledPlans: licenses[at].disabledPlans + [parts[1]])
            }
            func optional(_ text: String) -> String? { text.isEmpty ? nil : text }
            let attributes = UserAttributes(displayName: row[2], firstName: optional(row[3]), lastName: optional(row[4]),
                                            jobTitle: optional(row[5]), department: optional(row[6]),
                                            usageLocation: optional(row[7]) ?? customer.defaultUsageLocation)
            let created = now.addingTimeInterval(Double(index - table.rows.count) * 3_600)
            let user = User(objectID: random.objectID(at: created), customerID: customer.id, userPrincipalName: row[1],
                            attributes: attributes, roles: Self.list(row[10]), createdAt: created, licenses: licenses)
            sets.append(UserChangeSet(customerID: customer.id, objectID: user.objectID, userPrincipalName: row[1],
                                      journalKey: "sample-users.csv:\(row.line)",
                                      steps: [.create(user, password: random.password())]))
        }
        let results = try store.apply(ChangeBatch(batchID: "init-sample", role: .adminAgent, operatorName: "provision init",
                                                  now: now, sets: sets))
        for (index, result) in results.enumerated() {
            if case .refused(let violation) = result { throw table.rows[index].problem(violation.description) }
        }
        return sets.count
    }

    private func file(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    /// Splits a `;`-separated list, trimming and dropping empty items.
    static func list(_ text: String) -> [String] {
        text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
