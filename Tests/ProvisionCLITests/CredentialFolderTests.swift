import Foundation
import Testing
import Provisioning
import SQLiteDirectory
@testable import ProvisionCLI

/// Without `--credentials`, a file job's passwords go to a private folder beside the store,
/// `<store>.credentials/`, never into the working directory.
@Suite struct CredentialFolderTests {
    static let resets = "UserPrincipalName,Action\nyijun.chen@contoso.com,reset-password\nstore01@contoso.com,reset-password\n"

    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }

    @Test func aJobWithoutCredentialsWritesItsSheetInThePrivateFolderBesideTheStore() throws {
        let workspace = try CLIWorkspace.sample()
        let input = workspace.write("resets.csv", Self.resets)
        let result = workspace.run(["apply", input, "--customer", "contoso"])
        #expect(result.code == .success, "\(result.errors)")
        let here = try FileManager.default.contentsOfDirectory(atPath: workspace.directory)
        #expect(!here.contains { $0.hasPrefix("credentials") && !$0.hasSuffix(".credentials") },
                "no sheet in the working directory: \(here)")
        let folder = workspace.storePath + ".credentials"
        #expect(Self.mode(folder) == 0o700)
        let sheets = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(sheets.count == 1)
        let sheet = folder + "/" + (sheets.first ?? "")
        #expect(sheets.first?.hasPrefix("credentials-") == true && sheets.first?.hasSuffix(".csv") == true)
        #expect(Self.mode(sheet) == 0o600)
        #expect(try String(contentsOfFile: sheet, encoding: .utf8).contains("store01@contoso.com"))
        // The run names the sheet by its full path.
        #expect(result.output.contains("2 temporary passwords written to \(sheet) (readable by you only)"))
        // The next batch's sheet joins it in the same folder.
        let again = workspace.run(["apply", input, "--customer", "contoso", "--now", "2026-11-22T09:00:00Z"])
        #expect(again.code == .success, "\(again.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == 2)
    }

    @Test(arguments: ["open to others", "a symbolic link", "a file"])
    func aFolderThatIsNotPrivateRefusesTheRunBeforeAnythingIsWritten(_ kind: String) throws {
        let workspace = try CLIWorkspace.sample()
        let folder = workspace.storePath + ".credentials"
        switch kind {
        case "open to others":
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
            #expect(chmod(folder, 0o755) == 0)
        case "a symbolic link":
            let elsewhere = workspace.directory + "/shared"
            try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: false)
            #expect(chmod(elsewhere, 0o700) == 0)
            try FileManager.default.createSymbolicLink(atPath: folder, withDestinationPath: elsewhere)
        default:
            _ = workspace.write("provision.sqlite.credentials", "")
        }
        let counter = try SQLiteDirectory(path: workspace.storePath).changeCounter(customerID: "contoso")
        let input = workspace.write("resets.csv", Self.resets)
        let result = workspace.run(["apply", input, "--customer", "contoso", "--report", "report.json"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors.contains("refusing to put passwords in \(folder): "), "\(result.errors)")
        #expect(result.errors.contains("(or name the sheet with --credentials FILE)"))
        if kind == "open to others" { #expect(result.errors.contains("it is mode 0755, open to others; fix it with: chmod 700 \(folder)")) }
        #expect(!FileManager.default.fileExists(atPath: workspace.directory + "/report.json"))
        #expect(try SQLiteDirectory(path: workspace.storePath).changeCounter(customerID: "contoso") == counter)
        if kind == "a symbolic link" {
            #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.directory + "/shared").isEmpty)
        }
    }
}
