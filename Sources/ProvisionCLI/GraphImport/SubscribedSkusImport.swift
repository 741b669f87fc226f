import Foundation
import Provisioning
import Reports

/// The import of a tenant's seats from Microsoft Graph's `GET /subscribedSkus` response, for
/// `subscriptions import --graph FILE... --customer ID` (docs/graph-import.md): each SKU the
/// catalog knows (by `skuId`) gets `prepaidUnits.enabled` seats, in one transaction, under the
/// customer's lock, audit-logged (`seats-set`); unknown SKUs are reported.
enum SubscribedSkusImport {
    /// Runs the import and prints what it did (`--format text|json`; the command's options
    /// must include `format`, `wait`, `customer`).
    /// - Parameters:
    ///   - customer: the customer id.
    ///   - files: the response's pages as given on the command line, in order.
    /// - Returns: `.success`.
    /// - Throws: ``CLIError``, ``GraphImportError``/``GraphImportErrors`` (exit 2, nothing written).
    static func run(_ context: CommandContext, customer id: String, files given: [String]) throws -> ExitCode {
        let support = GraphImportSupport(context: context)
        let json = try support.json()
        let role = try support.role()
        if let denied = PermissionMatrix.check(role, .manageSubscriptions) { throw CLIError.input(denied.description) }
        let store = try StoreLocator.open(context)
        let customer = try StoreLocator.customer(id: id, in: store)
        let files = try support.files(given)
        let now = try context.now()
        let imported = try GraphSubscribedSkus.read(files, catalog: try store.products())
        let batchID = try support.batchID(command: "subscriptions import", customer: customer.id, files: files, now: now)
        let lock = try support.lock(store, customer: customer.id, batchID: batchID, command: "subscriptions import")
        defer { lock.release() }
        let actor = AdminActor(operatorName: support.operatorName, role: role, batchID: batchID, now: now)
        let changes = try AdminPolicy.importSeats(imported.seats.map { ($0.partNumber, $0.seats) }, customerID: customer.id,
                                                  by: actor, into: store)
        let assigned = Dictionary(try store.seatUsage(customerID: customer.id).map { ($0.partNumber, $0.assigned) },
                                  uniquingKeysWith: { first, _ in first })
        if json {
            let products: [JSONValue] = zip(imported.seats, changes).map { seats, change in
                .object([("partNumber", .string(seats.partNumber)), ("seats", .int(change.after)),
                         ("previousSeats", change.before.map(JSONValue.int) ?? .null),
                         ("consumedInTenant", .int(seats.consumed)), ("assignedInStore", .int(assigned[seats.partNumber] ?? 0))])
            }
            context.output.write(JSONValue.object([
                ("customer", .string(customer.id)), ("files", .array(files.map { .string($0.name) })),
                ("batchId", .string(batchID)), ("products", .array(products)),
                ("unknownSkus", .array(imported.unknown.map(GraphImportSupport.json))),
                ("warnings", .array(imported.warnings.map(GraphImportSupport.json))),
            ]).document)
        } else {
            let moved = changes.filter { $0.before != $0.after }.count
            context.output.write(TerminalText.escaped(
                "imported seats of \(changes.count) products for \(customer.id) from \(files.map(\.name).joined(separator: ", ")): "
                + "\(moved) changed; batch \(batchID)") + "\n")
            for (seats, change) in zip(imported.seats, changes) {
                let was = change.before == change.after ? "unchanged" : "was \(change.before.map(String.init) ?? "none")"
                let held = assigned[seats.partNumber] ?? 0
                var line = "  \(seats.partNumber): \(change.after) seat\(change.after == 1 ? "" : "s") (\(was)); "
                    + "\(seats.consumed) consumed in the tenant"
                if held != seats.consumed { line += ", \(held) assigned in the store (import the users to match)" }
                context.output.write(TerminalText.escaped(line) + "\n")
            }
        }
        for sku in imported.unknown { support.warn(sku.description) }
        for warning in imported.warnings { support.warn(warning.description) }
        return .success
    }
}
