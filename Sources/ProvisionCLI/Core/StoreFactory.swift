import Foundation
import Provisioning
import SQLiteDirectory

// Design note: the one file of the command line that names a backend. Every command gets its
// store through ``StoreLocator``, which asks this factory for a ``StoreLocation`` and uses only
// the protocols of Provisioning (``ProvisionStore``), so no command knows which backend it
// talks to. A new backend is one case here.

/// Turns what `--store` or `PROVISION_STORE` says into a ``StoreLocation``: a path is a SQLite
/// file, a `postgresql://` or `postgres://` URL (libpq's URI: `postgresql://user@host:5432/db?sslmode=require`,
/// or `postgresql:///db` or `postgresql://` alone, leaving the rest to `PGHOST`, `PGPASSFILE`…)
/// is a PostgreSQL database.
enum StoreFactory {
    /// What a `--store` value names.
    enum Kind: Equatable {
        /// A SQLite file at this path, as given (not yet resolved against the working directory).
        case path(String)
        /// A PostgreSQL database.
        case postgreSQL(StoreURL)
        /// A URL of a scheme no backend takes (`mysql://…`).
        case unknownURL(StoreURL)
    }

    /// The URL schemes of PostgreSQL, as libpq accepts them.
    static let postgreSQLSchemes: Set<String> = ["postgresql", "postgres"]

    /// Classifies a `--store` value: a URL when it starts with a scheme and `://`
    /// (``StoreURL/init(_:)``), anything else a path (`./postgresql:foo`, `C:\x`, `store.sqlite`).
    static func classify(_ given: String) -> Kind {
        guard let url = StoreURL(given) else { return .path(given) }
        return postgreSQLSchemes.contains(url.scheme) ? .postgreSQL(url) : .unknownURL(url)
    }

    // MARK: PostgreSQL: wired here when the PostgresDirectory module is merged

    /// The PostgreSQL backend: `nil` in a build without it. WIRE WHEN MERGING `pg`: make the
    /// default `{ try PostgresStoreLocation(url: $0) }` (that module's ``StoreLocation``) and add
    /// `import PostgresDirectory` above; nothing else of the command line changes. A task-local
    /// so that a test can stand in a backend for one run (`$postgreSQL.withValue(…) { … }`).
    @TaskLocal static var postgreSQL: (@Sendable (StoreURL) throws -> any StoreLocation)? = nil

    // MARK: -

    /// The location `given` names; a path is resolved against the working directory.
    /// - Parameter source: where `given` came from, for messages (`--store`, `PROVISION_STORE`).
    /// - Throws: ``CLIError/input(_:)`` (exit 2) for a URL of an unknown scheme, or a PostgreSQL
    ///   URL in a build without that backend, naming the source and the URL with its password masked.
    static func location(_ given: String, from source: String, context: CommandContext) throws -> any StoreLocation {
        switch classify(given) {
        case .path(let path):
            return SQLiteStoreLocation(path: context.resolve(path))
        case .postgreSQL(let url):
            guard let open = postgreSQL else {
                throw CLIError.input("\(source) \(url): this build has no PostgreSQL backend; "
                                     + "use a store file (--store PATH) or a build with PostgreSQL")
            }
            return try open(url)
        case .unknownURL(let url):
            throw CLIError.input("\(source) \(url): '\(url.scheme)' is not a kind of store; give a file path "
                                 + "or a postgresql:// URL")
        }
    }
}
