import Foundation
import Provisioning

/// Applies the missing ``Migrations`` to the connection's current schema (`search_path`).
///
/// All of them run in one transaction that first takes `pg_advisory_xact_lock` on a key of
/// the schema's name, so two processes migrating at once take turns: the second waits for
/// the first's commit, then finds nothing left to do. `schema_migrations` has one row per
/// version applied; a schema with a version this build does not know is refused.
enum Migrator {
    /// Brings the schema up to ``Migrations/currentVersion``.
    /// - Returns: the versions applied now (empty when it was up to date).
    /// - Throws: ``StoreError/newerSchema(store:found:supported:)``, or ``PostgresError``.
    @discardableResult
    static func migrate(_ connection: Connection, retry: RetryPolicy,
                        migrations: [Migration] = Migrations.all) throws -> [Int] {
        try connection.transaction(retry: retry) {
            try connection.query("SELECT pg_advisory_xact_lock(hashtextextended('provision.migrate:' || current_schema(), 0))")
            try connection.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            let found = try connection.query("SELECT coalesce(max(version), 0) FROM schema_migrations").int(0, 0)
            guard found <= migrations.count else {
                throw StoreError.newerSchema(store: connection.location, found: found, supported: migrations.count)
            }
            var applied: [Int] = []
            for migration in migrations where migration.version > found {
                try connection.execute(migration.sql)
                try connection.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                                     [migration.version, migration.name])
                applied.append(migration.version)
            }
            return applied
        }
    }
}
