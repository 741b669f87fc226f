import Foundation
import Provisioning
@testable import SQLiteDirectory
import Testing
@testable import ProvisionCLI

/// `provision migrate` from SQLite into the PostgreSQL test cluster and back, in-process and
/// with the real binary, each in a fresh schema (made with `psql`). Skipped without
/// `PROVISION_TEST_PG`, except with `CI=true`, where they run and fail.
/// The test cluster the suite below uses.
enum MigrateTestCluster {
    static let url = ProcessInfo.processInfo.environment["PROVISION_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 }
    static let enabled = url != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    static let skipReason: Comment =
        "PROVISION_TEST_PG is unset: start a cluster with `eval \"export $(Tests/pg/cluster.sh start DIR)\"` to run the PostgreSQL tests"
}

@Suite(.enabled(if: MigrateTestCluster.enabled, MigrateTestCluster.skipReason))
struct MigratePostgresTests {
    static let url = MigrateTestCluster.url

    struct Failed: Error, CustomStringConvertible { var description: String }

    /// A URL of a new, empty schema of the test cluster for `body`, dropped afterwards.
    static func withSchema<T>(_ body: (String) throws -> T) throws -> T {
        guard let url else { throw Failed(description: "PROVISION_TEST_PG is unset, and CI=true requires the PostgreSQL tests to run") }
        let name = "m_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try psql(url, "CREATE SCHEMA \(name)")
        defer { try? psql(url, "DROP SCHEMA \(name) CASCADE") }
        return try body(url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + name)
    }

    static func psql(_ url: String, _ sql: String) throws {
        let process = Process()
        let installed = "/usr/lib/postgresql/15/bin/psql"
        process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: installed) ? installed : "/usr/bin/psql")
        process.arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 { throw Failed(description: "psql -c \(sql) exited \(process.terminationStatus)") }
    }

    @Test func aSQLiteStoreMovesToPostgreSQLAndBackWithTheSameAnswersAndHashes() throws {
        let (workspace, password, _) = try MigrateCommandTests.populated()
        try Self.withSchema { server in
            let there = workspace.run(["migrate", "--from", workspace.storePath, "--to", server])
            #expect(there.code == .success, "\(there.output) \(there.errors)")
            #expect(there.output.contains("verified: every count and seat tally of the target equals the source's"))
            let source = MigrateCommandTests.answers(workspace, store: workspace.storePath)
            let copy = MigrateCommandTests.answers(workspace, store: server)
            for (mine, theirs) in zip(source, copy) { #expect(mine == theirs) }

            let back = workspace.directory + "/back.sqlite"
            let returned = workspace.run(["migrate", "--from", server, "--to", back, "--format", "json"])
            #expect(returned.code == .success, "\(returned.errors)")
            #expect(MigrateCommandTests.answers(workspace, store: back) == source)
            let users = try #require(try workspace.json(["users", "list", "--customer", "contoso", "--all", "--format", "json",
                                                         "--store", back]) as? [String: Any])
            let moved = try #require((users["users"] as? [[String: Any]])?
                .first { ($0["userPrincipalName"] as? String) == "migrated.person@contoso.com" })
            let objectID = try #require(moved["objectId"] as? String)
            #expect(try SQLiteDirectory(path: back).verifyPassword(objectID: objectID, password: password),
                    "the hash went through PostgreSQL as it was")
        }
    }

    @Test func aPostgreSQLTargetWithDataIsRefusedWithNothingWritten() throws {
        let (workspace, _, _) = try MigrateCommandTests.populated()
        try Self.withSchema { server in
            #expect(workspace.run(["init", "--store", server]).code == .success)
            #expect(workspace.run(["customers", "add", "acme", "--name", "Acme", "--location", "US", "--domains", "acme.example",
                                   "--store", server]).code == .success)
            let before = workspace.run(["customers", "list", "--format", "json", "--store", server])
            let refused = workspace.run(["migrate", "--from", workspace.storePath, "--to", server])
            #expect(refused.code == .usageOrInput)
            #expect(refused.errors.contains("is not empty (1 customers, 1 domains"), "\(refused.errors)")
            #expect(workspace.run(["customers", "list", "--format", "json", "--store", server]).output == before.output)
        }
    }

    @Test func operatorsThePostgreSQLStoreCannotKeepAreRefusedWithNothingWritten() throws {
        let workspace = try CLIWorkspace.sample()
        let added = workspace.run(["operators", "add", "alice", "--role", "global-admin"], stdin: "Migrate-Test-Secret-1\n")
        #expect(added.code == .success, "\(added.errors)")
        try Self.withSchema { server in
            let refused = workspace.run(["migrate", "--from", workspace.storePath, "--to", server])
            #expect(refused.code == .usageOrInput, "\(refused.errors)")
            #expect(refused.errors.contains("the source has 1 operators, which the target's backend does not keep"), "\(refused.errors)")
            #expect(workspace.run(["customers", "list", "--store", server]).code == .usageOrInput, "no store was made")
        }
    }

    @Test func aWrongTallyInTheSourceIsReported() throws {
        let (workspace, _, _) = try MigrateCommandTests.populated()
        let connection = try Connection(path: workspace.storePath, mode: .readWrite)
        try connection.execute("UPDATE seat_tallies SET assigned = assigned - 1 WHERE customer_id = 'fabrikam' AND product = 'SPE_E3'")
        try connection.execute("UPDATE customers SET tallied_at = change_counter WHERE id = 'fabrikam'")
        try Self.withSchema { server in
            let result = workspace.run(["migrate", "--from", workspace.storePath, "--to", server, "--format", "json"])
            #expect(result.code == .someFailed)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
            #expect(document["verified"] as? Bool == false)
            let differences = try #require(document["differences"] as? [[String: Any]])
            #expect(differences.map { $0["what"] as? String } == ["seats fabrikam SPE_E3 assigned"])
        }
    }

    @Test func theBuiltBinaryMigratesIntoPostgreSQL() throws {
        let workspace = try CLIWorkspace.sample()
        try Self.withSchema { server in
            let run = try BuiltBinary.run(["migrate", "--from", workspace.storePath, "--to", server], in: workspace.directory,
                                          environment: ["PROVISION_NOW": "2026-11-21T09:00:00Z", "USER": "tester", "PATH": "/usr/bin:/bin"])
            #expect(run.exited && run.status == 0, "exit \(run.status): \(run.errors)")
            #expect(String(decoding: run.output, as: UTF8.self).contains("verified: "))
            #expect(MigrateCommandTests.answers(workspace, store: server)
                        == MigrateCommandTests.answers(workspace, store: workspace.storePath))
        }
    }
}
