import Foundation
import Provisioning
import SQLiteDirectory

/// `provision users purge`: removes users deleted more than 30 days ago (the nightly job).
enum UsersPurgeCommand: Command {
    static let path = ["users", "purge"]
    static let summary = "Remove for good the users deleted more than 30 days ago"
    static let usage = """
    usage: provision users purge [--customer ID] [--wait SECONDS]

    Purges one customer, or every customer when --customer is left out, each under its job lock
    (--wait SECONDS waits for a running job instead of failing with exit 3). "Now" comes from
    --now or PROVISION_NOW when given. Needs a role that may purge (--as; see docs/permissions.md).
    """
    static let options = OptionSpec(values: ["customer", "wait"])

    /// How long deleted users stay restorable.
    static let restoreWindow: TimeInterval = 30 * 86_400

    static func run(_ context: CommandContext) throws -> ExitCode {
        let roleName = context.arguments.value("as") ?? OperatorRole.adminAgent.rawValue
        guard let role = OperatorRole(name: roleName) else {
            let roles = OperatorRole.allCases.map(\.rawValue).joined(separator: ", ")
            throw CLIError.usage("--as '\(roleName)': use one of \(roles)")
        }
        if let denied = PermissionMatrix.check(role, .purgeUsers) { throw CLIError.input(denied.description) }
        let wait = try context.arguments.value("wait").map { text -> TimeInterval in
            guard let seconds = TimeInterval(text), seconds >= 0 else {
                throw CLIError.usage("--wait '\(text)': expected seconds (0 or more)")
            }
            return seconds
        } ?? 0
        let now = try context.now()
        let store = try StoreLocator.open(context)
        let customers = try context.arguments.value("customer").map { [try StoreLocator.customer(id: $0, in: store)] }
            ?? store.customers()
        let cutoff = now.addingTimeInterval(-restoreWindow)
        let operatorName = context.environment["USER"] ?? context.environment["LOGNAME"] ?? "unknown"
        let batchID = "purge-" + UUID().uuidString.lowercased()
        let stamp = ISO8601DateFormatter().string(from: cutoff)
        var total = 0
        for customer in customers {
            let lock = try store.lock(customerID: customer.id,
                                      holder: "provision users purge, pid \(getpid()), batch \(batchID)", wait: wait)
            defer { lock.release() }
            let purged = try store.purge(customerID: customer.id, deletedBefore: cutoff, role: role,
                                         operatorName: operatorName, batchID: batchID, now: now)
            total += purged
            context.output.write("\(customer.id): purged \(purged) user\(purged == 1 ? "" : "s") deleted before \(stamp)\n")
        }
        if customers.count > 1 { context.output.write("purged \(total) in all\n") }
        return .success
    }
}
