import Foundation
import Testing
@testable import ProvisionCLI

/// A credentials sheet is never overwritten (it may hold passwords not handed over yet, such
/// as a killed run's), and it is created only for the running user.
@Suite struct CredentialSheetTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sheets-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        #expect(run(["init", "--sample"]).0 == .success)
        let rows = "UserPrincipalName,Action\r\nyijun.chen@contoso.com,reset-password\r\nzhiwei.lin@contoso.com.tw,reset-password\r\n"
        FileManager.default.createFile(atPath: directory + "/resets.csv", contents: Data(rows.utf8))
    }

    @discardableResult
    func run(_ arguments: [String]) -> (ExitCode, String, String) {
        let out = OutputSink(), err = OutputSink()
        let code = ProvisionTool.main(arguments: arguments + ["--now", "2026-11-21T09:00:00Z"],
                                      environment: ["PROVISION_SAMPLE_DATA": DemoJobTests.sampleData, "NO_COLOR": "1"],
                                      output: out, errors: err, currentDirectory: directory,
                                      clock: { Date(timeIntervalSince1970: 0) })
        return (code, out.text, err.text)
    }

    func read(_ name: String) -> String {
        (try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)) ?? ""
    }

    @Test func aSecondRunWritesANewSheetBesideTheFirst() throws {
        let first = run(["apply", "resets.csv", "--customer", "contoso", "--credentials", "sheet.csv"])
        #expect(first.0 == .success, "\(first.2)")
        let sheet = read("sheet.csv")
        #expect(sheet.contains("yijun.chen@contoso.com"))
        // The same file again is a new batch: the passwords are reset once more.
        let second = run(["apply", "resets.csv", "--customer", "contoso", "--credentials", "sheet.csv"])
        #expect(second.0 == .success)
        #expect(second.2.contains("note: sheet.csv already exists and is never overwritten; this run's passwords go to sheet-2.csv"))
        #expect(second.1.contains("2 temporary passwords written to sheet-2.csv"))
        #expect(read("sheet.csv") == sheet, "the first sheet is untouched")
        #expect(read("sheet-2.csv").contains("zhiwei.lin@contoso.com.tw"))
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/sheet-2.csv")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func aSymbolicLinkInTheSheetsPlaceIsNeitherFollowedNorReplaced() throws {
        let target = directory + "/elsewhere.txt"
        FileManager.default.createFile(atPath: target, contents: Data("keep me".utf8))
        try FileManager.default.createSymbolicLink(atPath: directory + "/sheet.csv", withDestinationPath: target)
        #expect(run(["apply", "resets.csv", "--customer", "contoso", "--credentials", "sheet.csv"]).0 == .success)
        #expect(read("elsewhere.txt") == "keep me")
        #expect(read("sheet-2.csv").contains("yijun.chen@contoso.com"))
    }
}
