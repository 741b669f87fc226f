import Foundation
import Operators
import Provisioning
import Reports

/// What the `operators` commands share: the operators service over the store (the one place
/// they open it, behind ``Provisioning/OperatorStore``), the role check, `--role`, and how a
/// refusal of the core is said on the command line.
enum OperatorCommands {
    /// `--role ROLE` of `operators add` and `operators role`.
    static let roleOption = OptionDeclaration.value(
        "role", "ROLE", help: "the operator's Partner Center role (docs/permissions.md)",
        completion: .choices(OperatorRole.allCases.map(\.rawValue)), check: { _ = try role($0) })

    /// The `NAME` argument.
    static let nameArgument = ArgumentDeclaration("NAME", help: "the operator's sign-in name")

    /// A role by name.
    /// - Throws: ``CLIError/usage(_:)`` listing the roles.
    static func role(_ name: String) throws -> OperatorRole {
        guard let role = OperatorRole(name: name) else {
            throw CLIError.usage("--role: unknown role '\(name)' (roles: \(OperatorRole.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return role
    }

    /// The operators of the store, after checking that `--as` may manage them (when `changing`).
    /// - Throws: ``CLIError/input(_:)`` for a role that may not, before the store is opened.
    static func accounts(_ context: CommandContext, changing: Bool) throws -> OperatorAccounts {
        if changing {
            let role = try JobRunner(context: context).role()
            if let denied = PermissionMatrix.check(role, .manageOperators) {
                throw CLIError.input(denied.message + (denied.fix.map { "; \($0)" } ?? ""))
            }
        }
        let now = try context.now()
        return OperatorAccounts(store: try store(context), clock: { now })
    }

    /// The store, as the operators seam only: the one place the `operators` commands open it.
    /// Whatever type the locator returns, it is asked for ``Provisioning/OperatorStore``, so a
    /// backend that does not keep operators yet is refused by name rather than not compiling.
    /// - Throws: ``CLIError/input(_:)`` for such a backend.
    static func store(_ context: CommandContext) throws -> any OperatorStore {
        let opened: Any = try StoreLocator.open(context)
        guard let store = opened as? any OperatorStore else {
            throw CLIError.input("this kind of store does not keep portal operators yet; use a SQLite store")
        }
        return store
    }

    /// Runs `body`, turning the core's refusals into command-line errors that start with the
    /// command's words.
    static func refusing<T>(_ command: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as OperatorAccountError {
            throw CLIError.input("\(command): \(error)" + hint(error))
        } catch let error as OperatorStoreError {
            throw CLIError.input("\(command): \(error)")
        }
    }

    private static func hint(_ error: OperatorAccountError) -> String {
        switch error {
        case .unknown: return " ('provision operators list' shows them)"
        case .exists(let name): return " (change its password with 'provision operators passwd \(name)')"
        default: return ""
        }
    }

    /// An operator as JSON (never the hash).
    static func json(_ account: OperatorAccount) -> JSONValue {
        .object([("name", .string(account.name)), ("role", .string(account.role.rawValue)),
                 ("disabled", .bool(account.disabled)), ("createdAt", .string(timestamp(account.createdAt))),
                 ("changedAt", .string(timestamp(account.changedAt)))])
    }

    /// A time as ISO 8601 in UTC.
    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
