/// One numbered step of the PostgreSQL schema (``Migrations/all``): applied once per
/// database schema, in its own row of `schema_migrations`.
struct Migration: Sendable {
    /// The version this step brings the schema to: 1, 2, 3… without gaps.
    let version: Int
    /// What it does, recorded beside the version.
    let name: String
    /// The SQL: constant statements, run in one transaction with the others being applied.
    let sql: String

    init(_ version: Int, _ name: String, _ sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}
