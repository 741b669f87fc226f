import Foundation
import Testing
@testable import ProvisionCLI

/// A report, credentials sheet or saved plan never overwrites what the run reads: the input
/// (`--report users.csv` emptied the file being read) or the store (a report written over
/// `provision.sqlite` destroyed the directory).
@Suite struct OutputSafetyTests {
    static let input = "UserPrincipalName,DisplayName\nsafe.user@contoso.com,Safe User\n"

    /// A workspace with the sample store and `users.csv` (``input``), and the store's bytes.
    static func workspace() throws -> (CLIWorkspace, store: Data) {
        let workspace = try CLIWorkspace()
        try FileManager.default.copyItem(atPath: try #require(BadInputCorpusTests.template), toPath: workspace.storePath)
        _ = workspace.write("users.csv", input)
        return (workspace, try Data(contentsOf: URL(fileURLWithPath: workspace.storePath)))
    }

    @Test(arguments: [
        (["apply", "users.csv", "--report", "users.csv"], "--report users.csv is the input file"),
        (["apply", "users.csv", "--report", "./provision.sqlite"], "--report ./provision.sqlite is the store"),
        (["apply", "users.csv", "--report", "provision.sqlite-wal"], "--report provision.sqlite-wal is the store"),
        (["apply", "users.csv", "--credentials", "users.csv"], "--credentials users.csv is the input file"),
        (["plan", "users.csv", "--out", "users.csv"], "--out users.csv is the input file"),
        (["users", "reset-password", "yijun.chen@contoso.com", "--report", "provision.sqlite"],
         "--report provision.sqlite is the store"),
    ])
    func anOutputOverAnInputIsRefusedAndNothingIsTouched(arguments: [String], message: String) throws {
        let (workspace, store) = try Self.workspace()
        let input = Self.input
        let result = workspace.run(arguments + ["--customer", "contoso", "--quiet"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors.contains(message), "\(result.errors)")
        #expect(try String(contentsOfFile: workspace.directory + "/users.csv", encoding: .utf8) == input)
        #expect(try Data(contentsOf: URL(fileURLWithPath: workspace.storePath)) == store)
    }

    /// A run refused for its customer or its output options touches no report file: an
    /// existing report keeps its content, a new one is not created.
    @Test(arguments: [
        (["apply", "users.csv", "--customer", "nosuch"], "unknown customer"),
        (["plan", "users.csv", "--customer", "nosuch", "--out", "plan.json"], "unknown customer"),
        (["users", "create", "new.person@contoso.com", "--customer", "nosuch"], "unknown customer"),
        (["users", "create", "new.person@contoso.com", "--customer", "contoso", "--format", "json"],
         "needs --credentials FILE"),
        (["apply", "users.csv", "--customer", "contoso", "--credentials", "sheet.eml"], "--mail-to"),
        (["users", "create", "new.person@contoso.com", "--customer", "contoso", "--credentials", "sheet.xyz"],
         "unknown credentials format"),
    ])
    func aRefusedRunLeavesTheReportsAlone(arguments: [String], message: String) throws {
        let (workspace, store) = try Self.workspace()
        _ = workspace.write("old.html", "an earlier report")
        let result = workspace.run(arguments + ["--report", "old.html", "--report", "new.json", "--quiet"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors.contains(message), "\(result.errors)")
        #expect(try String(contentsOfFile: workspace.directory + "/old.html", encoding: .utf8) == "an earlier report")
        for name in ["new.json", "plan.json", "sheet.eml", "sheet.xyz"] {
            #expect(!FileManager.default.fileExists(atPath: workspace.directory + "/" + name), "\(name) was created")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: workspace.storePath)) == store)
    }

    /// A stale saved plan is refused (exit 3) before any report file is touched.
    @Test func aStalePlanLeavesTheReportsAlone() throws {
        let workspace = try CLIWorkspace.sample()
        _ = workspace.write("users.csv", "UserPrincipalName,DisplayName\nplanned.user@contoso.com,Planned User\n")
        let planned = workspace.run(["plan", "users.csv", "--customer", "contoso", "--out", "plan.json", "--quiet"])
        #expect(planned.code == .success, "\(planned.errors)")
        let changed = workspace.run(["users", "create", "someone.else@contoso.com", "--customer", "contoso",
                                     "--display-name", "Someone Else",
                                     "--credentials", "sheet.csv", "--quiet"])
        #expect(changed.code == .success, "\(changed.errors)")
        _ = workspace.write("old.html", "an earlier report")
        let result = workspace.run(["apply", "plan.json", "--report", "old.html", "--report", "new.json", "--quiet"])
        #expect(result.code == .staleOrLocked)
        #expect(result.errors.contains("the plan is stale"), "\(result.errors)")
        #expect(try String(contentsOfFile: workspace.directory + "/old.html", encoding: .utf8) == "an earlier report")
        #expect(!FileManager.default.fileExists(atPath: workspace.directory + "/new.json"))
    }
}
