import Foundation
import Provisioning
import Reports

/// `provision users purge`: removes users deleted more than 30 days ago (the nightly job).
enum UsersPurgeCommand: Command {
    static let path = ["users", "purge"]
    static let summary = "Remove for good the users deleted more than 30 days ago"
    static let discussion = """
    Purges one customer (--customer), or every customer (--all-customers, which must be said),
    each under its job lock (--wait SECONDS waits for a running job instead of failing with
    exit 3). --dry-run lists who would be purged and writes nothing. --format json prints one
    JSON document instead of lines. "Now" comes from --now or PROVISION_NOW when given. Needs a
    role that may purge (--as; see docs/permissions.md).
    """
    static let options: [OptionDeclaration] = [
        StoreLocator.customerOption,
        .flag("all-customers", help: "purge every customer (instead of --customer)"),
        .flag("dry-run", help: "list who would be purged; nothing is written"),
        TextOrJSON.option,
        .value("wait", "SECONDS", help: "wait for a running job's lock instead of failing with exit 3"),
    ]

    /// How long deleted users stay restorable.
    static let restoreWindow: TimeInterval = 30 * 86_400

    static func run(_ context: CommandContext) throws -> ExitCode {
        let arguments = context.arguments
        let json = try TextOrJSON.isJSON(context)
        let dryRun = arguments.flag("dry-run")
        switch (arguments.value("customer"), arguments.flag("all-customers")) {
        case (nil, false):
            throw CLIError.usage("users purge: name the customer with --customer ID, or purge every customer with --all-customers")
        case (.some, true):
            throw CLIError.usage("users purge: --customer and --all-customers exclude each other")
        default: break
        }
        let role = try JobRunner(context: context).role()
        if let denied = PurgePolicy.check(role) { throw CLIError.input(denied.description) }
        let wait = try arguments.value("wait").map { text -> TimeInterval in
            guard let seconds = TimeInterval(text), seconds >= 0 else {
                throw CLIError.usage("--wait '\(text)': expected seconds (0 or more)")
            }
            return seconds
        } ?? 0
        let now = try context.now()
        let store = try StoreLocator.open(context)
        let customers = try arguments.value("customer").map { [try StoreLocator.customer(id: $0, in: store)] }
            ?? store.customers()
        let cutoff = now.addingTimeInterval(-restoreWindow)
        let operatorName = JobRunner(context: context).operatorName
        let batchID = "purge-" + UUID().uuidString.lowercased()
        let formatter = ISO8601DateFormatter()
        let stamp = formatter.string(from: cutoff)
        var total = 0
        var documents: [JSONValue] = []
        for customer in customers {
            let users: [PurgeCandidate]
            if dryRun {
                // A dry run takes no lock: the lock is a row in the store, and it writes nothing.
                users = try store.purgeCandidates(customerID: customer.id, deletedBefore: cutoff)
            } else {
                let lock = try store.lock(customerID: customer.id,
                                          holder: "provision users purge, pid \(getpid()), batch \(batchID)", wait: wait)
                defer { lock.release() }
                users = try store.purgeCandidates(customerID: customer.id, deletedBefore: cutoff)
                // Under the lock no job deletes or restores meanwhile: the list is who goes.
                _ = try PurgePolicy.purge(store, customerID: customer.id, deletedBefore: cutoff, role: role,
                                          operatorName: operatorName, batchID: batchID, now: now)
            }
            total += users.count
            let noun = "user\(users.count == 1 ? "" : "s")"
            if json {
                documents.append(.object([
                    ("customer", .string(customer.id)), ("count", .int(users.count)),
                    ("users", .array(users.map { user in
                        .object([("userPrincipalName", .string(user.userPrincipalName)), ("objectId", .string(user.objectID)),
                                 ("deletedAt", .string(formatter.string(from: user.deletedAt)))])
                    })),
                ]))
            } else if dryRun {
                context.output.write("\(customer.id): would purge \(users.count) \(noun) deleted before \(stamp)\n")
                for user in users {
                    context.output.write("  \(TerminalText.escaped(user.userPrincipalName)) (deleted \(formatter.string(from: user.deletedAt)))\n")
                }
            } else {
                context.output.write("\(customer.id): purged \(users.count) \(noun) deleted before \(stamp)\n")
            }
        }
        if json {
            context.output.write(JSONValue.object([
                ("dryRun", .bool(dryRun)), ("deletedBefore", .string(stamp)), ("customers", .array(documents)),
                ("total", .int(total)),
            ]).document)
        } else if dryRun {
            context.output.write((customers.count > 1 ? "would purge \(total) in all; " : "") + "dry run: nothing was changed\n")
        } else if customers.count > 1 {
            context.output.write("purged \(total) in all\n")
        }
        return .success
    }
}
