import Foundation
import Provisioning

/// A store in a PostgreSQL database: the ``Provisioning/StoreLocation`` the command line's
/// store factory makes for `--store postgresql://…` (libpq's URI; `PGHOST`, `PGPASSFILE`…
/// fill in what it leaves out). The store is the tables of the session's current schema
/// (`public` unless the URL's `options=-csearch_path=…` says otherwise).
///
/// Messages name it by its URL with the password masked (``Provisioning/StoreURL/redacted``).
public struct PostgresStoreLocation: StoreLocation {
    /// The URL, password included: for libpq only.
    public let url: StoreURL
    /// How the stores it opens retry transactions.
    public let retry: RetryPolicy

    /// A location at `url`.
    public init(url: StoreURL, retry: RetryPolicy = RetryPolicy()) {
        self.url = url
        self.retry = retry
    }

    public var displayName: String { url.redacted }

    /// A server database other machines share.
    public var isShared: Bool { true }

    /// None: nothing of the store is on this machine.
    public var localFiles: [String] { [] }

    /// None: a job on a server store names its credentials sheet.
    public var credentialFolder: String? { nil }

    /// Whether the current schema holds a provision store (its `schema_migrations` table).
    /// - Throws: ``Provisioning/StoreError/unavailable(store:reason:)`` when the server cannot be reached.
    public func exists() throws -> Bool {
        let connection = try connect()
        return try Self.hasStore(connection)
    }

    /// A password written in the URL, which `ps` and shell histories show: a warning naming
    /// libpq's password file instead.
    public func accessWarnings() -> [String] {
        guard url.redacted != url.text else { return [] }
        return ["\(displayName) carries a password, which the process list and shell history show; "
                + "keep it in a password file instead (PGPASSFILE, ~/.pgpass)"]
    }

    /// Opens the store, applying any missing migrations.
    /// - Throws: ``Provisioning/StoreError/missing(store:)`` when the schema holds no store,
    ///   ``Provisioning/StoreError/unavailable(store:reason:)``, ``Provisioning/StoreError/newerSchema(store:found:supported:)``.
    public func open() throws -> any ProvisionStore {
        guard try exists() else { throw StoreError.missing(store: displayName) }
        return try mapped { try PostgresDirectory(url: url.text, retry: retry) }
    }

    /// Creates the store in one transaction: the migrations and everything `fill` writes
    /// commit together or not at all, so a failure leaves the schema as it was.
    /// - Parameter replacing: first drop every table of the current schema (the store's, and
    ///   anything else kept there: a store wants a schema of its own); without it a store
    ///   already there is ``Provisioning/StoreError/exists(store:)``.
    /// - Returns: the schema version created.
    public func create(replacing: Bool, fill: (any ProvisionStore) throws -> Void) throws -> Int {
        let store = try mapped { try PostgresDirectory(unmigratedURL: url.text, retry: retry) }
        let connection = store.connection
        try connection.execute("BEGIN")
        do {
            if try Self.hasStore(connection) {
                guard replacing else { throw StoreError.exists(store: displayName) }
                let tables = try connection.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                for row in 0..<tables.count {
                    try connection.execute("DROP TABLE IF EXISTS \(Self.quoted(tables.text(row, 0))) CASCADE")
                }
            }
            try mapped { try Migrator.migrate(connection, retry: retry) }
            try fill(store)
            try connection.execute("COMMIT")
        } catch {
            if !connection.isBroken { try? connection.execute("ROLLBACK") }
            throw error
        }
        return Migrations.currentVersion
    }

    private func connect() throws -> Connection {
        try mapped { try Connection(conninfo: url.text) }
    }

    /// Runs `body`, turning a failure to connect into ``Provisioning/StoreError/unavailable(store:reason:)``
    /// and a newer schema into the error naming this location.
    private func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError where error.isConnectionLoss {
            throw StoreError.unavailable(store: displayName, reason: error.message)
        } catch StoreError.newerSchema(_, let found, let supported) {
            throw StoreError.newerSchema(store: displayName, found: found, supported: supported)
        }
    }

    private static func hasStore(_ connection: Connection) throws -> Bool {
        !(try connection.query("SELECT to_regclass('schema_migrations') IS NULL").bool(0, 0))
    }

    /// An identifier in double quotes, `"` doubled (a table name read from the catalog).
    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
