import Foundation

/// Where a store lives, before it is opened: a file (SQLite) or a server database (PostgreSQL).
/// A surface gets one from its store factory (the command line's `--store`) and asks it
/// everything that depends on the kind of store, so that no command knows the backend.
///
/// Making a location connects to nothing (a surface may make it several times in one run);
/// ``exists()``, ``open()`` and ``create(replacing:fill:)`` do. Nothing here may print a
/// password: ``displayName`` masks the one a URL carries, and every ``StoreError`` a location
/// throws names the store by it.
public protocol StoreLocation: Sendable {
    /// How messages name the store: its path, or its URL with any password masked
    /// (``StoreURL/redacted``).
    var displayName: String { get }
    /// Whether the store is a server database other machines may share. Replacing such a store
    /// drops data every one of them uses, so a surface asks for an explicit confirmation.
    var isShared: Bool { get }
    /// The store's files on this machine, which a report, a sheet or a plan must never be
    /// written over (SQLite: the database and its `-wal`, `-shm` and `-journal` files); none for
    /// a server.
    var localFiles: [String] { get }
    /// The private folder on this machine where a job's credentials sheets go when none is
    /// named (SQLite: `<store>.credentials`, beside the file); `nil` when the store has no place
    /// on this machine (a server), and a sheet must then be named.
    var credentialFolder: String? { get }

    /// Whether a store exists there.
    /// - Throws: ``StoreError/unavailable(store:reason:)`` when that cannot be told.
    func exists() throws -> Bool
    /// Warnings about who else may read or write the store, shown before it is opened, never
    /// fatal (SQLite: files open to group or others, with the `chmod` that fixes them).
    func accessWarnings() -> [String]
    /// Opens the existing store, applying any missing schema migrations.
    /// - Throws: ``StoreError/missing(store:)``, ``StoreError/notAStore(store:reason:)``,
    ///   ``StoreError/newerSchema(store:found:supported:)``, ``StoreError/unavailable(store:reason:)``.
    func open() throws -> any ProvisionStore
    /// Creates a store with the current schema and nothing in it, hands it to `fill` (which may
    /// load sample data through the store's own calls), and only then makes it the store at this
    /// location: a throw from `fill` or from the creation leaves what was there before as it was
    /// and no half-made store (SQLite: built under a temporary name and renamed; a server: for
    /// instance a schema built under a temporary name and renamed in one transaction).
    /// - Parameters:
    ///   - replacing: drop an existing store, with all its data, when the new one is in place;
    ///     without it an existing store is ``StoreError/exists(store:)``. The surface confirms
    ///     first when ``isShared``.
    ///   - fill: called once with the new, empty store.
    /// - Returns: the schema version created.
    func create(replacing: Bool, fill: (any ProvisionStore) throws -> Void) throws -> Int
}
