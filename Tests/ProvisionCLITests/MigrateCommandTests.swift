import Foundation
import Testing
import Provisioning
@testable import SQLiteDirectory
@testable import ProvisionCLI

/// `provision migrate` between two SQLite stores, in-process (the PostgreSQL side is in
/// MigratePostgresTests): everything copied, the same answers from both stores, an occupied
/// target refused, a difference reported.
@Suite struct MigrateCommandTests {
    /// A sample store with a created user (its password kept), a deleted one, an applied file
    /// (journal, finished batch, audit) and an operator.
    static func populated() throws -> (CLIWorkspace, password: String, created: String) {
        let workspace = try CLIWorkspace.sample()
        let created = workspace.run(["users", "create", "migrated.person@contoso.com", "--customer", "contoso",
                                     "--display-name", "遷移 Person", "--licenses", "SPE_E3", "--disable-plan", "SPE_E3:SWAY"])
        #expect(created.code == .success, "\(created.errors)")
        let password = created.output.components(separatedBy: "Temporary password for migrated.person@contoso.com: ")
            .dropFirst().first?.components(separatedBy: "  (change at next sign-in").first ?? ""
        #expect(!password.isEmpty, "\(created.output)")
        let deleted = workspace.run(["users", "delete", "yating.wu@contoso.com", "--customer", "contoso"])
        #expect(deleted.code == .success, "\(deleted.errors)")
        let applied = workspace.run(["apply", CLIWorkspace.sampleData + "/new-hires.csv", "--customer", "contoso",
                                     "--credentials", workspace.directory + "/sheet.csv", "--quiet"])
        #expect(applied.code == .success || applied.code == .someFailed, "\(applied.errors)")
        return (workspace, password, created.output)
    }

    /// What a person would read of a store, per command.
    static func answers(_ workspace: CLIWorkspace, store: String) -> [String] {
        [["users", "list", "--customer", "contoso", "--all"],
         ["users", "list", "--customer", "contoso", "--filter", "deleted", "--format", "json"],
         ["users", "list", "--customer", "fabrikam", "--format", "csv"],
         ["licenses", "show", "--customer", "contoso"],
         ["licenses", "show", "--customer", "fabrikam", "--format", "json"],
         ["customers", "list", "--format", "json"],
         ["audit", "list", "--customer", "contoso", "--format", "json"],
         ["plan", CLIWorkspace.sampleData + "/sample-users.csv", "--customer", "contoso", "--quiet"]]
            .map { command in
                let result = workspace.run(command + ["--store", store])
                // A plan names its own batch and the wall-clock times: left out.
                let output = result.output.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.hasPrefix("Batch ") && !$0.hasPrefix("Started ") && !$0.hasPrefix("Finished ") }
                    .joined(separator: "\n")
                return "\(command.joined(separator: " ")): \(result.code) \(output) \(result.errors)"
            }
    }

    @Test func aCopiedStoreGivesTheSameAnswersAndKeepsPasswordHashes() throws {
        let (workspace, password, created) = try Self.populated()
        #expect(workspace.run(["operators", "add", "alice", "--role", "global-admin"], stdin: "Migrate-Test-Secret-1\n").code == .success)
        let target = workspace.directory + "/copy.sqlite"
        let result = workspace.run(["migrate", "--from", workspace.storePath, "--to", target])
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.output.contains("verified: every count and seat tally of the target equals the source's"))
        #expect(result.output.contains("users: "))
        let source = Self.answers(workspace, store: workspace.storePath)
        let copy = Self.answers(workspace, store: target)
        for (mine, theirs) in zip(source, copy) { #expect(mine == theirs) }
        let operators = ["operators", "list", "--format", "json", "--store"]
        #expect(workspace.run(operators + [target]).output == workspace.run(operators + [workspace.storePath]).output)
        #expect(workspace.run(operators + [target]).output.contains("alice"))

        let users = try #require(try workspace.json(["users", "list", "--customer", "contoso", "--all", "--format", "json",
                                                     "--store", target]) as? [String: Any])
        let list = try #require(users["users"] as? [[String: Any]])
        let moved = try #require(list.first { ($0["userPrincipalName"] as? String) == "migrated.person@contoso.com" })
        let objectID = try #require(moved["objectId"] as? String)
        #expect(try SQLiteDirectory(path: workspace.storePath).verifyPassword(objectID: objectID, password: password),
                "\(created)")
        let store = try SQLiteDirectory(path: target)
        #expect(try store.verifyPassword(objectID: objectID, password: password), "the hash was copied as it was")
        #expect(try !store.verifyPassword(objectID: objectID, password: password + "x"))
        #expect(try store.rowCount(.journal) > 0)
        #expect(try store.rowCount(.auditLog) == SQLiteDirectory(path: workspace.storePath).rowCount(.auditLog))
    }

    @Test func jsonSaysVerifiedWithTheCounts() throws {
        let (workspace, _, _) = try Self.populated()
        let document = try #require(try workspace.json(["migrate", "--from", workspace.storePath,
                                                        "--to", workspace.directory + "/copy.sqlite", "--format", "json"])
            as? [String: Any])
        #expect(document["verified"] as? Bool == true)
        #expect((document["differences"] as? [Any])?.isEmpty == true)
        let source = try #require(document["source"] as? [String: Any])
        #expect(NSDictionary(dictionary: source).isEqual(to: try #require(document["target"] as? [String: Any])))
        let users = try #require(source["users"] as? [String: Int])
        #expect(users["deleted"] == 2, "yating.wu deleted, intern01 deleted by new-hires.csv")
    }

    @Test func anEmptyInitialisedTargetIsFilled() throws {
        let (workspace, _, _) = try Self.populated()
        let target = workspace.directory + "/empty.sqlite"
        #expect(workspace.run(["init", "--store", target]).code == .success)
        let result = workspace.run(["migrate", "--from", workspace.storePath, "--to", target])
        #expect(result.code == .success, "\(result.errors)")
    }

    @Test func aTargetWithDataIsRefusedAndLeftAsItWasUnlessReplaceDropData() throws {
        let (workspace, _, _) = try Self.populated()
        let target = workspace.directory + "/other.sqlite"
        #expect(workspace.run(["init", "--sample", "--sample-dir", CLIWorkspace.sampleData, "--store", target]).code == .success)
        let before = Self.answers(workspace, store: target)
        let refused = workspace.run(["migrate", "--from", workspace.storePath, "--to", target])
        #expect(refused.code == .usageOrInput)
        #expect(refused.errors.contains("--to \(target) is not empty ("), "\(refused.errors)")
        #expect(refused.errors.contains("--replace --drop-data"))
        #expect(Self.answers(workspace, store: target) == before, "nothing written")

        let half = workspace.run(["migrate", "--from", workspace.storePath, "--to", target, "--replace"])
        #expect(half.code == .usageOrInput)
        let replaced = workspace.run(["migrate", "--from", workspace.storePath, "--to", target, "--replace", "--drop-data"])
        #expect(replaced.code == .success, "\(replaced.errors)")
        #expect(Self.answers(workspace, store: target) == Self.answers(workspace, store: workspace.storePath))
    }

    @Test func aSourceWhoseTallyIsWrongIsReportedAsADifference() throws {
        let (workspace, _, _) = try Self.populated()
        // The sample's batches wrote contoso's tallies at its current counter: make one wrong.
        let connection = try Connection(path: workspace.storePath, mode: .readWrite)
        try connection.execute("UPDATE seat_tallies SET assigned = assigned + 5 WHERE customer_id = 'contoso' AND product = 'SPE_E3'")
        try connection.execute("UPDATE customers SET tallied_at = change_counter WHERE id = 'contoso'")
        let result = workspace.run(["migrate", "--from", workspace.storePath, "--to", workspace.directory + "/copy.sqlite"])
        #expect(result.code == .someFailed, "\(result.output) \(result.errors)")
        #expect(result.errors.contains("migrate: the target differs from the source in 1 counts:"), "\(result.errors)")
        #expect(result.errors.contains("seats contoso SPE_E3 assigned: source "), "\(result.errors)")
    }

    @Test func theBuiltBinaryMigratesOneStoreIntoAnother() throws {
        let workspace = try CLIWorkspace.sample()
        let target = workspace.directory + "/copy.sqlite"
        let run = try BuiltBinary.run(["migrate", "--from", workspace.storePath, "--to", target], in: workspace.directory,
                                      environment: ["PROVISION_NOW": "2026-11-21T09:00:00Z", "USER": "tester", "PATH": "/usr/bin:/bin"])
        #expect(run.exited && run.status == 0, "exit \(run.status): \(run.errors)")
        #expect(String(decoding: run.output, as: UTF8.self).contains("verified: "))
        #expect(Self.answers(workspace, store: target) == Self.answers(workspace, store: workspace.storePath))
    }

    @Test func theSameStoreTwiceOrAMissingSourceIsAUsageError() throws {
        let workspace = try CLIWorkspace.sample()
        #expect(workspace.run(["migrate", "--from", workspace.storePath, "--to", workspace.storePath]).code == .usageOrInput)
        let missing = workspace.run(["migrate", "--from", workspace.directory + "/none.sqlite", "--to", workspace.directory + "/b.sqlite"])
        #expect(missing.code == .usageOrInput)
        #expect(missing.errors.contains("--from \(workspace.directory)/none.sqlite: no store there"), "\(missing.errors)")
        #expect(!FileManager.default.fileExists(atPath: workspace.directory + "/b.sqlite"))
        #expect(workspace.run(["migrate", "--to", workspace.directory + "/b.sqlite"]).code == .usageOrInput)
    }
}
