import Foundation
import SQLiteDirectory

/// Where the store is, for every command: `--store PATH`, else `PROVISION_STORE`, else
/// `./provision.sqlite` in the working directory.
enum StoreLocator {
    /// The store's file name in the working directory when nothing else is said.
    static let defaultFileName = "provision.sqlite"

    /// The store's path, resolved against the working directory.
    static func path(_ context: CommandContext) -> String {
        let given = context.arguments.value("store") ?? context.environment["PROVISION_STORE"]
        if let given, !given.isEmpty { return context.resolve(given) }
        return context.resolve(defaultFileName)
    }

    /// Whether the path came from `--store` or `PROVISION_STORE` rather than the default.
    static func isExplicit(_ context: CommandContext) -> Bool {
        context.arguments.value("store") != nil || !(context.environment["PROVISION_STORE"] ?? "").isEmpty
    }

    /// Opens the existing store.
    /// - Throws: ``CLIError/input(_:)`` (exit 2) when there is none, saying how to create one;
    ///   ``SQLiteDirectoryError`` when the file is not a usable store.
    static func open(_ context: CommandContext) throws -> SQLiteDirectory {
        let path = path(context)
        do {
            // Before opening: SQLite gives a new -wal and -shm the database file's mode.
            warnIfOpenToOthers(path, context)
            return try SQLiteDirectory(path: path)
        } catch SQLiteDirectoryError.storeMissing {
            let same = isExplicit(context) ? " with the same --store/PROVISION_STORE" : ""
            throw CLIError.input("no store at \(path); create one with 'provision init' (empty) or "
                                 + "'provision init --sample' (sample customers)\(same)")
        }
    }

    /// Warns once per run on standard error when the store's files may be read or written by
    /// group or others: they hold personal data and password hashes.
    static func warnIfOpenToOthers(_ path: String, _ context: CommandContext) {
        let exposed = StoreFiles.exposed(storePath: path)
        guard !exposed.isEmpty, context.shownWarnings.first("store-mode " + path) else { return }
        let files = exposed.map { "\($0.path) is mode \($0.octal)" }.joined(separator: ", ")
        context.errors.write("warning: \(files): the store holds personal data and password hashes and should be "
                             + "readable by you only; fix it with: chmod 600 \(exposed.map(\.path).joined(separator: " "))\n")
    }

    /// A second connection on the store `directory` was opened from, for a job's look-ups
    /// while it applies on another thread (see ``Provisioning/Job``); its page cache is
    /// smaller, as it only reads the users a chunk of rows names.
    static func openLookups(_ directory: SQLiteDirectory) throws -> SQLiteDirectory {
        try SQLiteDirectory(path: directory.path, options: SQLiteDirectoryOptions(cacheMiB: 1))
    }
}
