import Foundation
import Provisioning

/// A store in a SQLite file at a path: the ``Provisioning/StoreLocation`` the command line's
/// store factory makes for `--store PATH` (or `PROVISION_STORE`, or the default file).
public struct SQLiteStoreLocation: StoreLocation {
    /// The store file, absolute or relative to the process's working directory.
    public let path: String
    /// The connection settings of the stores it opens.
    public let options: SQLiteDirectoryOptions

    /// A location at `path`.
    public init(path: String, options: SQLiteDirectoryOptions = SQLiteDirectoryOptions()) {
        self.path = path
        self.options = options
    }

    public var displayName: String { path }

    /// A file on this machine: not shared.
    public var isShared: Bool { false }

    /// The database and its `-wal`, `-shm` and `-journal` files.
    public var localFiles: [String] { ["", "-wal", "-shm", "-journal"].map { path + $0 } }

    /// `<store>.credentials`, beside the file (for `./provision.sqlite`, `./provision.sqlite.credentials`).
    public var credentialFolder: String? { path + ".credentials" }

    public func exists() throws -> Bool { FileManager.default.fileExists(atPath: path) }

    /// The store's files that group or others may read or write (``StoreFiles/exposed(storePath:)``),
    /// as one warning naming them and the `chmod` that fixes them; none when all are owner-only.
    public func accessWarnings() -> [String] {
        let exposed = StoreFiles.exposed(storePath: path)
        guard !exposed.isEmpty else { return [] }
        let files = exposed.map { "\($0.path) is mode \($0.octal)" }.joined(separator: ", ")
        return ["\(files): the store holds personal data and password hashes and should be readable by you only; "
                + "fix it with: chmod 600 \(exposed.map(\.path).joined(separator: " "))"]
    }

    public func open() throws -> any ProvisionStore {
        try SQLiteDirectory(path: path, options: options)
    }

    /// Builds the store as `PATH.init-<pid>` (mode 0600, ``SQLiteDirectory/create(path:options:)``),
    /// fills it, closes it and renames it into place, so a failure leaves nothing behind and the
    /// old store, when replacing, as it was until the rename.
    public func create(replacing: Bool, fill: (any ProvisionStore) throws -> Void) throws -> Int {
        let manager = FileManager.default
        if !replacing, manager.fileExists(atPath: path) { throw StoreError.exists(store: path) }
        let building = path + ".init-\(getpid())"
        Self.removeStore(at: building)
        do {
            // The store is closed when this scope ends, before the rename.
            let store = try SQLiteDirectory.create(path: building, options: options)
            try fill(store)
        } catch {
            Self.removeStore(at: building)
            throw error
        }
        Self.removeStore(at: path)
        do {
            try manager.moveItem(atPath: building, toPath: path)
        } catch {
            Self.removeStore(at: building)
            throw StoreError.invalid("cannot create \(path): \(error.localizedDescription)")
        }
        return SQLiteDirectory.schemaVersion
    }

    /// Removes a store file and its WAL and shared-memory files, when present.
    private static func removeStore(at path: String) {
        for suffix in StoreFiles.suffixes { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
