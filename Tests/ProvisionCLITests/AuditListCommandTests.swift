import Foundation
import Testing
import Provisioning
import SQLiteDirectory
@testable import ProvisionCLI

/// `audit list`: filters, pages, order, formats, and no password in any of them.
@Suite struct AuditListCommandTests {
    static func entries(_ output: String) throws -> [[String: Any]] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        return try #require(document["entries"] as? [[String: Any]])
    }

    @Test func filtersByBatchOperatorAndTimeNewestFirst() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.environment["PROVISION_NOW"] = "2026-11-22T10:00:00Z"
        workspace.environment["PROVISION_OPERATOR"] = "alice"
        #expect(workspace.run(["users", "delete", "zhiwei.lin@contoso.com.tw", "--customer", "contoso"]).code == .success)
        workspace.environment["PROVISION_NOW"] = "2026-11-23T10:00:00Z"
        workspace.environment["PROVISION_OPERATOR"] = "bob"
        #expect(workspace.run(["licenses", "revoke", "--users", "yijun.chen@contoso.com", "--product", "MCOMEETADV",
                               "--customer", "contoso"]).code == .success)
        let all = try Self.entries(workspace.run(["audit", "list", "--customer", "contoso", "--format", "json"]).output)
        let log = try SQLiteDirectory(path: workspace.storePath).auditLog(customerID: "contoso")
        #expect(all.count == log.count)
        #expect(all.first?["operator"] as? String == "bob" && all.first?["action"] as? String == "revoke")
        #expect(all.map { $0["at"] as? String ?? "" } == all.map { $0["at"] as? String ?? "" }.sorted(by: >))
        let alice = try Self.entries(workspace.run(["audit", "list", "--customer", "contoso", "--operator", "alice",
                                                    "--format", "json"]).output)
        #expect(alice.map { $0["action"] as? String } == ["delete"])
        #expect(alice.first?["userPrincipalName"] as? String == "zhiwei.lin@contoso.com.tw")
        let batch = try #require(alice.first?["batchId"] as? String)
        let byBatch = try Self.entries(workspace.run(["audit", "list", "--customer", "contoso", "--batch", batch,
                                                      "--format", "json"]).output)
        #expect(byBatch.count == 1)
        let since = try Self.entries(workspace.run(["audit", "list", "--customer", "contoso", "--since", "2026-11-22T12:00:00+01:00",
                                                    "--format", "json"]).output)
        #expect(since.map { $0["operator"] as? String } == ["bob"])
        #expect(since.allSatisfy { ($0["at"] as? String ?? "") >= "2026-11-22T11:00:00.000Z" })
        let oldest = try Self.entries(workspace.run(["audit", "list", "--customer", "contoso", "--oldest-first",
                                                     "--format", "json"]).output)
        #expect(oldest.last?["operator"] as? String == "bob")
        // Values are bound, never spliced: a quote in a filter matches nothing instead of everything.
        for hostile in ["alice' OR '1'='1", "x\" OR 1=1 --"] {
            let none = try Self.entries(workspace.run(["audit", "list", "--customer", "contoso", "--operator", hostile,
                                                       "--format", "json"]).output)
            #expect(none.isEmpty)
        }
        let bad = workspace.run(["audit", "list", "--customer", "contoso", "--since", "yesterday"])
        #expect(bad.code == .usageOrInput && bad.errors.contains("--since 'yesterday': expected an ISO 8601 date"))
    }

    @Test func pagesTableAndCSV() throws {
        let workspace = try CLIWorkspace.sample()
        let total = try SQLiteDirectory(path: workspace.storePath).auditLog(customerID: "contoso").count
        #expect(total > 10)
        let table = workspace.run(["audit", "list", "--customer", "contoso", "--page-size", "10", "--page", "2"])
        #expect(table.code == .success)
        let lines = table.output.split(separator: "\n")
        #expect(lines.first?.hasPrefix("AT  ") == true || lines.first?.hasPrefix("AT ") == true)
        #expect(lines.count == 12)
        #expect(table.output.hasSuffix("contoso: page 2 of \((total + 9) / 10), \(total) entries in all, newest first\n"))
        let page = try Self.entries(workspace.run(["audit", "list", "--customer", "contoso", "--format", "json",
                                                   "--page", "2", "--page-size", "10"]).output)
        #expect(page.count == 10)
        let csv = workspace.run(["audit", "list", "--customer", "contoso", "--format", "csv"])
        #expect(csv.output.hasPrefix("\u{FEFF}At,Batch,Operator,Role,Action,UserPrincipalName,ObjectId,Detail\r\n"))
        #expect(csv.output.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count >= total + 1)
        let unknown = workspace.run(["audit", "list", "--customer", "nobody"])
        #expect(unknown.code == .usageOrInput && unknown.errors.contains("unknown customer 'nobody'"))
    }

    @Test func noPasswordAppearsInAnyFormat() throws {
        let workspace = try CLIWorkspace.sample()
        var passwords: [String] = []
        for name in ["pw.one", "pw.two"] {
            let result = workspace.run(["users", "create", "\(name)@contoso.com", "--customer", "contoso", "--display-name", name,
                                        "--licenses", "POWER_BI_PRO"])
            #expect(result.code == .success, "\(result.errors)")
            let line = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("Temporary password for") })
            let password = try #require(line.components(separatedBy: ": ").dropFirst().first?.components(separatedBy: "  ").first)
            #expect(password.count >= 8)
            passwords.append(password)
        }
        let reset = workspace.run(["users", "reset-password", "pw.one@contoso.com", "--customer", "contoso"])
        if let line = reset.output.split(separator: "\n").first(where: { $0.hasPrefix("Temporary password for") }),
           let password = line.components(separatedBy: ": ").dropFirst().first?.components(separatedBy: "  ").first {
            passwords.append(password)
        }
        #expect(passwords.count == 3)
        for format in ["table", "json", "csv"] {
            let result = workspace.run(["audit", "list", "--customer", "contoso", "--format", format, "--page-size", "10000"])
            #expect(result.code == .success)
            #expect(result.output.contains("pw.one@contoso.com"))
            for password in passwords { #expect(!result.output.contains(password), "\(format)") }
        }
    }
}
