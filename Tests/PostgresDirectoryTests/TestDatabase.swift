import Foundation
@testable import PostgresDirectory
import Testing

/// The test cluster (`PROVISION_TEST_PG`, started by Tests/pg/cluster.sh) and a fresh schema
/// of its own for each test. Without the variable the suites are skipped, except in CI
/// (`CI=true`), where they run and fail.
enum TestDatabase {
    /// The cluster's URL, if set.
    static let url = ProcessInfo.processInfo.environment["PROVISION_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 }

    /// Whether the suites run: a cluster is given, or this is CI (where a missing one fails).
    static let enabled = url != nil || ProcessInfo.processInfo.environment["CI"] == "true"

    /// Why the suites are skipped.
    static let skipReason: Comment =
        "PROVISION_TEST_PG is unset: start a cluster with `eval \"export $(Tests/pg/cluster.sh start DIR)\"` to run the PostgreSQL tests"

    struct Missing: Error, CustomStringConvertible {
        var description: String { "PROVISION_TEST_PG is unset, and CI=true requires the PostgreSQL tests to run" }
    }

    /// A new, empty schema; `body` gets a connection string whose sessions use it
    /// (`search_path`). The schema is dropped afterwards.
    static func withSchema<T>(_ body: (String) throws -> T) throws -> T {
        guard let url else { throw Missing() }
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try Connection(conninfo: url)
        try admin.execute("CREATE SCHEMA \(name)")
        defer { try? admin.execute("DROP SCHEMA \(name) CASCADE") }
        return try body(Connection.conninfo(url, searchPath: name))
    }
}
