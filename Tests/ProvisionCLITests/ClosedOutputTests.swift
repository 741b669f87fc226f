import Foundation
import Testing
import Provisioning
import SQLiteDirectory
@testable import ProvisionCLI

/// `provision apply big.csv | head -3`: a reader that goes away stops the writing to standard
/// output, never the job. Through the real binary, since only a real process gets SIGPIPE.
@Suite struct ClosedOutputTests {
    static let users = 3_000

    /// A native-format file creating `count` users of contoso.
    static func bigFile(count: Int) -> String {
        var text = "UserPrincipalName,DisplayName,UsageLocation,Action\n"
        for index in 1...count { text += "bulk\(index)@contoso.com,Bulk User \(index),TW,create\n" }
        return text
    }

    @Test func aClosedStandardOutputStopsTheWritingButNotTheJob() throws {
        let workspace = try CLIWorkspace.sample()
        let before = try SQLiteDirectory(path: workspace.storePath)
            .listUsers(customerID: "contoso", query: UserQuery(filter: .all, pageSize: 1)).total
        let input = workspace.write("big.csv", Self.bigFile(count: Self.users))
        let run = try BuiltBinary.run(["apply", input, "--customer", "contoso", "--batch-size", "250",
                                       "--report", "report.json", "--quiet"],
                                      in: workspace.directory,
                                      environment: workspace.environment.merging(["NO_COLOR": "1"]) { $1 },
                                      closeOutputAfter: 16)
        #expect(run.exited, "killed by signal \(run.status) (141 = 128 + SIGPIPE): \(run.errors)")
        #expect(run.exited && (run.status == 0 || run.status == 1), "exit \(run.status): \(run.errors)")
        #expect(run.output.count == 16)
        // The report file is complete: every user, and the summary at its end.
        let data = try Data(contentsOf: URL(fileURLWithPath: workspace.directory + "/report.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((report["outcomes"] as? [Any])?.count == Self.users)
        #expect(((report["summary"] as? [String: Any])?["total"] as? Int) == Self.users)
        // The store has every user, and the credentials sheet every password.
        let after = try SQLiteDirectory(path: workspace.storePath)
            .listUsers(customerID: "contoso", query: UserQuery(filter: .all, pageSize: 1)).total
        #expect(after == before + Self.users)
        let folder = workspace.storePath + ".credentials"
        let sheets = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(sheets.count == 1)
        let sheet = try String(contentsOfFile: folder + "/" + (sheets.first ?? ""), encoding: .utf8)
        #expect(sheet.utf8.filter { $0 == UInt8(ascii: "\n") }.count == Self.users + 1, "a header and one row per user")
    }
}
