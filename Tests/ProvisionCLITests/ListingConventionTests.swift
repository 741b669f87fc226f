import Foundation
import Testing
import Provisioning
import SQLiteDirectory
@testable import ProvisionCLI

/// Issue 13's conventions for listings: every row in CSV and JSON, `--all`, a byte-order mark,
/// the native format's columns (an export plans as `unchanged`), a value's own leading
/// apostrophe, `--users-file -` and `NO_COLOR`.
@Suite struct ListingConventionTests {
    /// The sample store plus `count` unlicensed users of fabrikam (`bulk0001@fabrikam.de`…).
    static func largeCustomer(_ count: Int) throws -> CLIWorkspace {
        let workspace = try CLIWorkspace.sample()
        var csv = "UserPrincipalName,DisplayName,Department\r\n"
        for index in 1...count { csv += String(format: "bulk%04d@fabrikam.de,Bulk %04d,Lager\r\n", index, index) }
        let path = workspace.write("bulk.csv", csv)
        let applied = workspace.run(["apply", path, "--customer", "fabrikam", "--quiet", "--format", "json"])
        #expect(applied.code == .success, "\(applied.errors)")
        return workspace
    }

    /// The data lines of a CSV listing (after its header), CR LF separated.
    static func dataLines(_ csv: String) -> [Substring] {
        Array(csv.split(separator: "\r\n").dropFirst())
    }

    /// Outcomes of a `--format json` report, by user name.
    static func statuses(_ report: String) throws -> [String: String] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        let outcomes = try #require(document["outcomes"] as? [[String: Any]])
        var statuses: [String: String] = [:]
        for outcome in outcomes {
            statuses[(outcome["userPrincipalName"] as? String ?? "").lowercased()] = outcome["status"] as? String
        }
        return statuses
    }

    @Test func csvAndJSONListEveryUserUnlessAPageIsAskedForAndTablesSayHowToSeeMore() throws {
        let workspace = try Self.largeCustomer(1_150)
        let total = 1_150 + 12
        let csv = workspace.run(["users", "list", "--customer", "fabrikam", "--format", "csv"])
        #expect(csv.code == .success)
        #expect(Self.dataLines(csv.output).count == total)
        let json = try #require(try workspace.json(["users", "list", "--customer", "fabrikam", "--format", "json"])
                                as? [String: Any])
        #expect((json["users"] as? [[String: Any]])?.count == total)
        #expect(json["total"] as? Int == total)
        #expect(json["pageCount"] as? Int == 1)
        let names = (json["users"] as? [[String: Any]] ?? []).compactMap { $0["userPrincipalName"] as? String }
        #expect(Set(names).count == total)
        // A page asked for is one page, in every format.
        let page = workspace.run(["users", "list", "--customer", "fabrikam", "--page", "2", "--format", "csv"])
        #expect(Self.dataLines(page.output).count == 50)
        let sized = try #require(try workspace.json(["users", "list", "--customer", "fabrikam", "--page-size", "7",
                                                     "--format", "json"]) as? [String: Any])
        #expect((sized["users"] as? [Any])?.count == 7)
        // A table keeps its page, and says how to see the rest.
        let table = workspace.run(["users", "list", "--customer", "fabrikam"])
        #expect(table.output.split(separator: "\n").count == 1 + 50 + 1)
        #expect(table.output.hasSuffix("fabrikam: all active users, page 1 of 24, \(total) users in all, 50 shown; "
                                       + "--page 2 for the next, --all for every user\n"))
    }

    @Test func allStreamsEveryPageInEveryFormat() throws {
        let workspace = try Self.largeCustomer(1_150)
        let total = 1_150 + 12
        let table = workspace.run(["users", "list", "--customer", "fabrikam", "--all"])
        #expect(table.code == .success, "\(table.errors)")
        let lines = table.output.split(separator: "\n")
        #expect(lines.count == 1 + total + 1)
        #expect(lines.filter { $0.hasPrefix("USER NAME") }.count == 1)
        #expect(table.output.hasSuffix("fabrikam: all active users, every page, \(total) users in all, \(total) shown\n"))
        let csv = workspace.run(["users", "list", "--customer", "fabrikam", "--all", "--format", "csv",
                                 "--sort", "name"])
        let rows = Self.dataLines(csv.output)
        #expect(rows.count == total)
        let shown = rows.map { String($0.split(separator: ",")[1]) }
        #expect(shown == shown.sorted())
        let json = try #require(try workspace.json(["users", "list", "--customer", "fabrikam", "--all",
                                                    "--filter", "department=Lager", "--format", "json"]) as? [String: Any])
        #expect((json["users"] as? [Any])?.count == 1_150)
        let both = workspace.run(["users", "list", "--customer", "fabrikam", "--all", "--page", "2"])
        #expect(both.code == .usageOrInput)
        #expect(both.errors.contains("--all lists every user"))
        let empty = try #require(try workspace.json(["users", "list", "--customer", "fabrikam", "--all",
                                                     "--filter", "deleted", "--format", "json"]) as? [String: Any])
        #expect((empty["users"] as? [Any])?.isEmpty == true)
    }

    @Test func csvListingsStartWithAByteOrderMarkAndUseTheInputFilesColumnNames() throws {
        let workspace = try CLIWorkspace.sample()
        let users = workspace.run(["users", "list", "--customer", "contoso", "--format", "csv"]).output
        #expect(users.hasPrefix("\u{FEFF}UserPrincipalName,DisplayName,FirstName,LastName,JobTitle,Department,"
                                + "UsageLocation,Licenses,DisabledPlans,Roles,AccountEnabled,ObjectId\r\n"))
        #expect(users.contains("\r\nyijun.chen@contoso.com,陳怡君,怡君,陳,業務經理,業務部,TW,\"MCOMEETADV;SPE_E3\",,,Yes,"))
        let customers = workspace.run(["customers", "list", "--format", "csv"]).output
        #expect(customers.hasPrefix("\u{FEFF}Id,Name,DefaultUsageLocation,Domains,"))
        let licenses = workspace.run(["licenses", "show", "--customer", "contoso", "--users",
                                      "yijun.chen@contoso.com,zhiwei.lin@contoso.com.tw", "--format", "csv"]).output
        #expect(licenses.hasPrefix("\u{FEFF}ProductName,Product,Seats,Assigned,Available,Note,Selected,HeldBy\r\n"))
        #expect(licenses.contains(",SPE_E3,25,23,2,,all,\"yijun.chen@contoso.com;zhiwei.lin@contoso.com.tw\"\r\n"))
        let deleted = workspace.run(["users", "list", "--customer", "contoso", "--filter", "deleted", "--format", "csv"])
        #expect(deleted.output.hasPrefix("\u{FEFF}UserPrincipalName,"))
        #expect(deleted.output.contains(",ObjectId,DeletedAt\r\n"))
    }

    @Test func anExportedUsersCSVPlansAsUnchangedAndAnEditedCellAsThatChange() throws {
        let workspace = try CLIWorkspace.sample()
        let export = workspace.run(["users", "list", "--customer", "contoso", "--format", "csv"])
        #expect(export.code == .success)
        let path = workspace.write("export.csv", export.output)
        let plan = workspace.run(["plan", path, "--customer", "contoso", "--quiet", "--format", "json"])
        #expect(plan.code == .success, "\(plan.errors)")
        #expect(!plan.errors.contains("not used"), "\(plan.errors)")
        let statuses = try Self.statuses(plan.output)
        #expect(statuses.count == 32)
        #expect(statuses.values.allSatisfy { $0 == "unchanged" }, "\(statuses.filter { $0.value != "unchanged" })")
        // Edit one cell, as in Excel: that change, and nothing else, is planned.
        let edited = export.output.replacingOccurrences(of: "yijun.chen@contoso.com,陳怡君,怡君,陳,業務經理,業務部,",
                                                        with: "yijun.chen@contoso.com,陳怡君,怡君,陳,業務經理,研發部,")
        #expect(edited != export.output)
        let editedPath = workspace.write("edited.csv", edited)
        let second = workspace.run(["plan", editedPath, "--customer", "contoso", "--quiet", "--format", "json"])
        let changed = try Self.statuses(second.output)
        #expect(changed["yijun.chen@contoso.com"] == "planned")
        #expect(changed.filter { $0.value != "unchanged" }.count == 1)
        #expect(second.output.contains("\"changedAttributes\": [\"department\"]"))
    }

    @Test func aValueThatBeginsWithAnApostropheKeepsItThroughExportAndPlan() throws {
        let workspace = try CLIWorkspace.sample()
        // In an input file, `'Ops` is the value's own apostrophe; `'=SUM(A1)` is the guard's.
        let input = workspace.write("odd.csv", "UserPrincipalName,Department,JobTitle\r\n"
                                    + "yijun.chen@contoso.com,'Ops,'=SUM(A1)\r\n"
                                    + "zhiwei.lin@contoso.com.tw,''Night shift,-\r\n")
        let applied = workspace.run(["apply", input, "--customer", "contoso", "--quiet", "--format", "json"])
        #expect(applied.code == .success, "\(applied.errors)")
        let json = try #require(try workspace.json(["users", "list", "--customer", "contoso", "--format", "json"])
                                as? [String: Any])
        let users = (json["users"] as? [[String: Any]] ?? [])
        let yijun = users.first { $0["userPrincipalName"] as? String == "yijun.chen@contoso.com" }
        let zhiwei = users.first { $0["userPrincipalName"] as? String == "zhiwei.lin@contoso.com.tw" }
        #expect(yijun?["department"] as? String == "'Ops")
        #expect(yijun?["jobTitle"] as? String == "=SUM(A1)")
        #expect(zhiwei?["department"] as? String == "'Night shift")
        #expect(zhiwei?["jobTitle"] as? String == "-")
        // The export doubles the value's own apostrophe (Excel shows `'Ops`) and guards the formula.
        let export = workspace.run(["users", "list", "--customer", "contoso", "--format", "csv"]).output
        #expect(export.contains(",'=SUM(A1),''Ops,"))
        #expect(export.contains(",'-,''Night shift,"))
        let path = workspace.write("export.csv", export)
        let plan = workspace.run(["plan", path, "--customer", "contoso", "--quiet", "--format", "json"])
        let statuses = try Self.statuses(plan.output)
        #expect(statuses["yijun.chen@contoso.com"] == "unchanged")
        #expect(statuses["zhiwei.lin@contoso.com.tw"] == "unchanged")
        // Saved again by Excel, which drops the apostrophe it hid: `'Ops` and `=SUM(A1)` read the same.
        let resaved = export.replacingOccurrences(of: ",''Ops,", with: ",'Ops,")
        let resavedPath = workspace.write("resaved.csv", resaved)
        let again = try Self.statuses(workspace.run(["plan", resavedPath, "--customer", "contoso", "--quiet",
                                                     "--format", "json"]).output)
        #expect(again["yijun.chen@contoso.com"] == "unchanged")
    }

    @Test func usersFileDashReadsStandardInput() throws {
        let workspace = try CLIWorkspace.sample()
        let result = workspace.run(["licenses", "show", "--customer", "fabrikam", "--users-file", "-", "--format", "json"],
                                   stdin: "UserPrincipalName\nanna.schmidt@fabrikam.de\nlea.weber@fabrikam.de\n")
        #expect(result.code == .success, "\(result.errors)")
        let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect(json?["selectedUsers"] as? Int == 2)
        let bad = workspace.run(["licenses", "show", "--customer", "fabrikam", "--users-file", "-"],
                                stdin: "UserPrincipalName\nnobody\n")
        #expect(bad.code == .usageOrInput)
        #expect(bad.errors.contains("<stdin>:2: 'nobody' is not a user name"))
        let assign = workspace.run(["licenses", "assign", "--customer", "fabrikam", "--product", "POWER_BI_PRO",
                                    "--users-file", "-", "--dry-run", "--quiet", "--format", "json"],
                                   stdin: "anna.schmidt@fabrikam.de\n")
        #expect(assign.code == .success, "\(assign.errors)")
        #expect(try Self.statuses(assign.output)["anna.schmidt@fabrikam.de"] == "planned")
    }

    @Test(arguments: [(nil, false), ("", false), ("1", true), ("0", true), ("false", true)] as [(String?, Bool)])
    func noColorCountsOnlyWhenNotEmpty(value: String?, noColor: Bool) {
        let environment = value.map { ["NO_COLOR": $0] } ?? [:]
        #expect(ColorChoice.noColorRequested(environment) == noColor)
    }

    @Test func colourOnATerminalStopsForANonEmptyNoColorOnly() throws {
        let workspace = try CLIWorkspace.sample()
        func planOnATerminal(_ noColor: String?) throws -> String {
            workspace.environment["NO_COLOR"] = noColor
            return try PseudoTerminal.capture { output in
                ProvisionTool.main(arguments: ["plan", DemoJobTests.sampleData + "/new-hires.csv", "--customer", "contoso",
                                               "--quiet"],
                                   environment: workspace.environment, output: output, errors: OutputSink(),
                                   input: FileHandle.nullDevice, currentDirectory: workspace.directory)
            }
        }
        #expect(try planOnATerminal(nil).contains("\u{1B}["))
        #expect(try planOnATerminal("").contains("\u{1B}["))
        #expect(try !planOnATerminal("1").contains("\u{1B}["))
    }
}

/// A pseudo-terminal whose far end a test reads, so that output is written to a real terminal.
enum PseudoTerminal {
    final class Collected: @unchecked Sendable {
        var bytes: [UInt8] = []
    }

    /// Runs `body` with a sink on the terminal and returns what it wrote.
    static func capture(_ body: (OutputSink) -> ExitCode) throws -> String {
        // posix_openpt and friends are not in the Glibc module's view: look them up.
        typealias Open = @convention(c) (Int32) -> Int32
        typealias Control = @convention(c) (Int32) -> Int32
        typealias Name = @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32
        let library = dlopen(nil, RTLD_NOW)
        let openpt = unsafeBitCast(try #require(dlsym(library, "posix_openpt")), to: Open.self)
        let grant = unsafeBitCast(try #require(dlsym(library, "grantpt")), to: Control.self)
        let unlock = unsafeBitCast(try #require(dlsym(library, "unlockpt")), to: Control.self)
        let name = unsafeBitCast(try #require(dlsym(library, "ptsname_r")), to: Name.self)
        let master = openpt(O_RDWR | O_NOCTTY)
        try #require(master >= 0)
        defer { close(master) }
        try #require(grant(master) == 0 && unlock(master) == 0)
        var path = [CChar](repeating: 0, count: 128)
        try #require(name(master, &path, path.count) == 0)
        let slave = open(String(cString: path), O_RDWR | O_NOCTTY)
        try #require(slave >= 0)
        let collected = Collected()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(master, &buffer, buffer.count)
                if count <= 0 { break }
                collected.bytes += buffer[0..<count]
            }
            done.signal()
        }
        _ = body(OutputSink(fileDescriptor: slave))
        close(slave)
        done.wait()
        return String(decoding: collected.bytes, as: UTF8.self)
    }
}
