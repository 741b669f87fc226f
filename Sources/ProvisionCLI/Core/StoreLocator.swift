import Foundation
import Provisioning

/// Where the store is, for every command: `--store PATH|URL`, else `PROVISION_STORE`, else
/// `./provision.sqlite` in the working directory. What kind of store that is, is the
/// ``StoreFactory``'s business; commands see a ``StoreLocation`` and a ``ProvisionStore``.
enum StoreLocator {
    /// The store's file name in the working directory when nothing else is said.
    static let defaultFileName = "provision.sqlite"

    /// What names the store: `--store`, else `PROVISION_STORE` (when not empty), else the default file.
    static func given(_ context: CommandContext) -> String {
        let given = context.arguments.value("store") ?? context.environment["PROVISION_STORE"]
        if let given, !given.isEmpty { return given }
        return defaultFileName
    }

    /// Where the store is (``StoreFactory/location(_:from:context:)``).
    /// - Throws: ``CLIError/input(_:)`` for a store this build cannot open.
    static func location(_ context: CommandContext) throws -> any StoreLocation {
        let source = context.arguments.value("store") != nil ? "--store" : "PROVISION_STORE"
        return try StoreFactory.location(given(context), from: source, context: context)
    }

    /// Whether the store came from `--store` or `PROVISION_STORE` rather than the default.
    static func isExplicit(_ context: CommandContext) -> Bool {
        context.arguments.value("store") != nil || !(context.environment["PROVISION_STORE"] ?? "").isEmpty
    }

    /// Opens the existing store.
    /// - Throws: ``CLIError/input(_:)`` (exit 2) when there is none, saying how to create one;
    ///   ``Provisioning/StoreError`` when it is not a usable store.
    static func open(_ context: CommandContext) throws -> any ProvisionStore {
        let location = try location(context)
        do {
            // Before opening: SQLite gives a new -wal and -shm the database file's mode.
            warnIfOpenToOthers(location, context)
            return try location.open()
        } catch StoreError.missing {
            let same = isExplicit(context) ? " with the same --store/PROVISION_STORE" : ""
            throw CLIError.input("no store at \(location.displayName); create one with 'provision init' (empty) or "
                                 + "'provision init --sample' (sample customers)\(same)")
        }
    }

    /// Warns once per run on standard error when others may read or write the store
    /// (``StoreLocation/accessWarnings()``): it holds personal data and password hashes.
    static func warnIfOpenToOthers(_ location: any StoreLocation, _ context: CommandContext) {
        let warnings = location.accessWarnings()
        guard !warnings.isEmpty, context.shownWarnings.first("store-mode " + location.displayName) else { return }
        for warning in warnings { context.errors.write("warning: \(warning)\n") }
    }
}
