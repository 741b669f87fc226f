import Foundation
import Provisioning
import Reports

/// `provision users import --graph FILE... --customer ID`: the customer's users as Microsoft
/// Graph's `GET /users` response says, all or nothing (docs/graph-import.md).
enum UsersImportCommand: Command {
    static let path = ["users", "import"]
    static let summary = "Import a tenant's users from Microsoft Graph's GET /users response"
    static let discussion = """
    FILE is Microsoft Graph's response to GET /users?$select=\(GraphUsers.select)
    (Graph Explorer or Invoke-MgGraphRequest; docs/graph-import.md). Several pages: pass every
    file in order (each but the last has @odata.nextLink), or one file holding a JSON array of
    the pages. Users are created or updated by Graph's id, with exactly the licenses Graph lists
    (matched by skuId against the catalog); users the files do not name are left alone. SKUs and
    service plans the catalog lacks are reported and left out. Imported users get no password
    and no credentials sheet: they keep signing in with their tenant's. All or nothing, under
    the customer's lock, audit-logged; needs a role that may bulk-create users (--as).
    """
    static let arguments = [ArgumentDeclaration("FILE", help: "more pages, in order", optional: true, repeats: true, completion: .file)]
    static let options: [OptionDeclaration] = [
        .repeatable("graph", "FILE", help: "a page of Microsoft Graph's response (more pages: more files, in order)", completion: .file).required(),
        StoreLocator.customerOption.required(),
        .value("wait", "SECONDS", help: "wait for another job's lock on the customer instead of failing with exit 3"),
        TextOrJSON.option,
    ]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let support = GraphImportSupport(context: context)
        let json = try support.json()
        let role = try support.role()
        if let denied = PermissionMatrix.check(role, .bulkCreateUsers) { throw CLIError.input(denied.description) }
        let store = try StoreLocator.open(context)
        let customer = try StoreLocator.customer(context, in: store)
        let files = try support.files(context.arguments.all("graph") + context.arguments.positionals)
        let now = try context.now()
        let imported = try GraphUsers.read(files, customer: customer, catalog: try store.products(), now: now)
        let batchID = try support.batchID(command: "users import", customer: customer.id, files: files, now: now)
        let lock = try support.lock(store, customer: customer.id, batchID: batchID, command: "users import")
        defer { lock.release() }
        let summary: UserImportSummary
        do {
            let actor = AdminActor(operatorName: support.operatorName, role: role, batchID: batchID, now: now)
            summary = try AdminPolicy.importUsers(imported.entries.map(\.user), customerID: customer.id, by: actor, into: store)
        } catch let refusal as UserImportRefusal {
            let source = imported.entries.indices.contains(refusal.index) ? imported.entries[refusal.index].source : "?"
            throw CLIError.input("\(source): \(refusal.message); nothing was imported")
        }
        let over = try store.seatUsage(customerID: customer.id).filter { $0.assigned > $0.purchased }
        let names = files.map(\.name).joined(separator: ", ")
        if json {
            context.output.write(JSONValue.object([
                ("customer", .string(customer.id)), ("files", .array(files.map { .string($0.name) })),
                ("batchId", .string(batchID)), ("users", .int(imported.entries.count)),
                ("created", .int(summary.created)), ("updated", .int(summary.updated)),
                ("restored", .int(summary.restored)), ("unchanged", .int(summary.unchanged)),
                ("licensesAdded", .int(summary.licensesAdded)), ("licensesRemoved", .int(summary.licensesRemoved)),
                ("passwordsIssued", .int(0)),
                ("unknownSkus", .array(imported.unknown.map(GraphImportSupport.json))),
                ("warnings", .array(imported.warnings.map(GraphImportSupport.json))),
                ("overAssigned", .array(over.map { usage in
                    .object([("partNumber", .string(usage.partNumber)), ("purchased", .int(usage.purchased)),
                             ("assigned", .int(usage.assigned))])
                })),
            ]).document)
        } else {
            context.output.write(TerminalText.escaped(
                "imported \(imported.entries.count) users of \(customer.id) from \(names): \(summary.created) new, "
                + "\(summary.updated) updated (\(summary.restored) restored), \(summary.unchanged) unchanged; licenses "
                + "\(summary.licensesAdded) added, \(summary.licensesRemoved) removed; batch \(batchID)") + "\n")
            if summary.created > 0 {
                context.output.write("new users have no password here and no credentials sheet: they sign in with "
                                     + "their tenant's password\n")
            }
            for usage in over {
                context.output.write("over-assigned: \(usage.partNumber) \(usage.assigned) assigned of \(usage.purchased) "
                                     + "purchased (the tenant's seats come from GET /subscribedSkus: docs/graph-import.md)\n")
            }
        }
        for sku in imported.unknown { support.warn(sku.description) }
        for warning in imported.warnings { support.warn(warning.description) }
        return .success
    }
}
