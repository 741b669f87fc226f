import Foundation
import Provisioning

/// The options every command understands, before or after its words
/// (`provision --store x.sqlite users list` and `provision users list --store x.sqlite`).
enum GlobalOptions {
    /// `--store`, `--now`, `--as`, `--quiet` and `--help` (`-h`).
    static let declarations: [OptionDeclaration] = [
        .value("store", "PATH|URL", help: "the store: a file, or a postgresql:// URL (else PROVISION_STORE, else ./provision.sqlite)",
               completion: .file),
        .value("now", "ISO8601", help: "\"now\" for the whole run (else PROVISION_NOW, else the clock)",
               check: { _ = try date($0) }),
        .value("as", "ROLE", help: "the operator's role (default admin-agent; docs/permissions.md)",
               completion: .choices(OperatorRole.allCases.map(\.rawValue)), check: { _ = try role($0) }),
        .flag("quiet", help: "no progress output (notes and warnings still go to standard error)"),
        .flag("help", help: "show the help of the tool or of the command"),
    ]

    /// `--version`: only before the command words (`provision --version`).
    static let version = OptionDeclaration.flag("version", help: "print the version and exit")

    /// The names of the global options that take a value.
    static var valueNames: [String] { declarations.filter(\.takesValue).map(\.name) }

    /// An operator role by name (`--as`).
    /// - Throws: ``CLIError/usage(_:)`` listing the roles.
    static func role(_ name: String) throws -> OperatorRole {
        guard let role = OperatorRole(name: name) else {
            throw CLIError.usage("--as: unknown role '\(name)' (roles: \(OperatorRole.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return role
    }

    /// An ISO 8601 date-time, date-time with fractional seconds, or date (`--now`, `PROVISION_NOW`).
    /// - Throws: ``CLIError/usage(_:)`` with an example.
    static func date(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate]
        if let date = formatter.date(from: text) { return date }
        throw CLIError.usage("--now/PROVISION_NOW: '\(text)' is not an ISO 8601 date-time (e.g. 2026-11-21T09:00:00Z)")
    }
}
