import Foundation
import Testing
@testable import ProvisionCLI

/// A report, credentials sheet or saved plan never overwrites what the run reads: the input
/// (`--report users.csv` emptied the file being read) or the store (a report written over
/// `provision.sqlite` destroyed the directory).
@Suite struct OutputSafetyTests {
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
        let workspace = try CLIWorkspace()
        try FileManager.default.copyItem(atPath: try #require(BadInputCorpusTests.template), toPath: workspace.storePath)
        let input = "UserPrincipalName,DisplayName\nsafe.user@contoso.com,Safe User\n"
        FileManager.default.createFile(atPath: workspace.directory + "/users.csv", contents: Data(input.utf8))
        let store = try Data(contentsOf: URL(fileURLWithPath: workspace.storePath))
        let result = workspace.run(arguments + ["--customer", "contoso", "--quiet"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors.contains(message), "\(result.errors)")
        #expect(try String(contentsOfFile: workspace.directory + "/users.csv", encoding: .utf8) == input)
        #expect(try Data(contentsOf: URL(fileURLWithPath: workspace.storePath)) == store)
    }
}
