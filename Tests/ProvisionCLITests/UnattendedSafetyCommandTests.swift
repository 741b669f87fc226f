import Foundation
import Testing
import Provisioning
import SQLiteDirectory
@testable import ProvisionCLI

/// Issue 12 through the command line: full-set runs without a Licenses column, saved plans
/// that finish their batch, the safety limits, lock refusals that touch no file, and report
/// times from the wall clock.
@Suite struct UnattendedSafetyCommandTests {
    func licenses(_ workspace: CLIWorkspace, _ upn: String) throws -> [String] {
        let store = try SQLiteDirectory(path: workspace.storePath)
        return try store.users(customerID: "contoso", principalNames: [upn]).first?.licenses.map(\.partNumber).sorted() ?? []
    }

    @Test(arguments: ["UserPrincipalName,Department\namy.lin@contoso.com,Board\n",
                      "UserPrincipalName,Licenes\namy.lin@contoso.com,SPE_E5\n"])
    func exactWithoutALicensesColumnIsAUsageErrorThatWritesNothing(file: String) throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("d.csv", file)
        for command in ["plan", "apply"] {
            let result = workspace.run([command, "d.csv", "--customer", "contoso", "--exact", "--quiet",
                                        "--report", "r.json"])
            #expect(result.code == .usageOrInput, "\(command): \(result.errors)")
            #expect(result.errors.contains("has no Licenses column"))
            #expect(!FileManager.default.fileExists(atPath: workspace.directory + "/r.json"))
        }
        #expect(try licenses(workspace, "amy.lin@contoso.com") == ["SPE_E5"])
    }

    /// The repro: plan, apply the plan, revoke, apply the file: the last run adds E5
    /// back, for real, and the applied plan cannot be applied again.
    @Test func aFileAfterAnAppliedPlanReallyApplies() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("hr.csv", "UserPrincipalName,Department,Licenses\namy.lin@contoso.com,Board,SPE_E5\n")
        #expect(workspace.run(["plan", "hr.csv", "--customer", "contoso", "--out", "plan.json", "--quiet"]).code == .success)
        #expect(workspace.run(["apply", "plan.json", "--quiet"]).code == .success)
        let again = workspace.run(["apply", "plan.json", "--quiet"])
        #expect(again.code == .staleOrLocked)
        #expect(again.errors.contains("this plan was already applied (batch "))
        #expect(!again.errors.contains("stale"))
        #expect(workspace.run(["licenses", "revoke", "--customer", "contoso", "--product", "SPE_E5",
                               "--users", "amy.lin@contoso.com", "--quiet"]).code == .success)
        #expect(try licenses(workspace, "amy.lin@contoso.com") == [])
        let file = workspace.run(["apply", "hr.csv", "--customer", "contoso", "--quiet", "--format", "json"])
        #expect(file.code == .success, "\(file.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(file.output.utf8)) as? [String: Any])
        let users = try #require(report["outcomes"] as? [[String: Any]])
        #expect(users.first?["status"] as? String == "succeeded")
        #expect((users.first?["added"] as? [[String: Any]])?.compactMap { $0["partNumber"] as? String } == ["SPE_E5"])
        #expect(try licenses(workspace, "amy.lin@contoso.com") == ["SPE_E5"])
    }

    @Test func aRunOverTheDeleteLimitExitsFourWritingNothingAndReportsWhatWouldGo() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("leavers.csv", """
            UserPrincipalName,Action
            david.wang@contoso.com,delete
            grace.chen@contoso.com,delete
            kevin.lee@contoso.com,delete

            """)
        let result = workspace.run(["apply", "leavers.csv", "--customer", "contoso", "--quiet", "--max-deletes", "2",
                                    "--report", "r.json"])
        #expect(result.code == .stoppedBySafetyLimit)
        #expect(result.errors.contains("delete 3 users (limit 2)"))
        #expect(result.errors.contains("--max-deletes 3"))
        let data = try #require(FileManager.default.contents(atPath: workspace.directory + "/r.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let users = try #require(report["outcomes"] as? [[String: Any]])
        #expect(users.map { $0["status"] as? String } == ["planned", "planned", "planned"])
        let stopped = try #require((report["summary"] as? [String: Any])?["stopped"] as? [String: Any])
        #expect(stopped["deletes"] as? Int == 3 && stopped["maxDeletes"] as? Int == 2)
        #expect((stopped["message"] as? String)?.hasPrefix("stopped before writing anything") == true)
        let text = workspace.run(["apply", "leavers.csv", "--customer", "contoso", "--max-deletes", "2"])
        #expect(text.code == .stoppedBySafetyLimit)
        #expect(text.output.contains("STOPPED: stopped before writing anything: the run would delete 3 users (limit 2)"))
        #expect(text.output.contains("will delete") || text.output.contains("PREVIEW"))
        #expect(try licenses(workspace, "david.wang@contoso.com") == ["SPE_E5"])
        let store = try SQLiteDirectory(path: workspace.storePath)
        #expect(try store.users(customerID: "contoso", principalNames: ["david.wang@contoso.com"]).first?.isDeleted == false)
        // Allowed, it runs.
        #expect(workspace.run(["apply", "leavers.csv", "--customer", "contoso", "--quiet", "--max-deletes", "3"]).code == .success)
    }

    @Test(arguments: ["-1", "many", ""])
    func aBadLimitIsAUsageError(value: String) throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("hr.csv", "UserPrincipalName,Licenses\namy.lin@contoso.com,SPE_E5\n")
        let result = workspace.run(["apply", "hr.csv", "--customer", "contoso", "--max-removals", value])
        #expect(result.code == .usageOrInput)
    }

    /// Without the options, the default limit (50 deletions) applies: 51 leavers stop the run.
    @Test func theDefaultDeleteLimitStopsFiftyOneLeavers() throws {
        let workspace = try CLIWorkspace.sample()
        let names = (1...51).map { "leaver\($0)@contoso.com" }
        workspace.write("joiners.csv", "UserPrincipalName,DisplayName\n" + names.map { "\($0),Leaver" }.joined(separator: "\n"))
        #expect(workspace.run(["apply", "joiners.csv", "--customer", "contoso", "--quiet", "--credentials", "c.csv"]).code == .success)
        workspace.write("leavers.csv", "UserPrincipalName,Action\n" + names.map { "\($0),delete" }.joined(separator: "\n"))
        let result = workspace.run(["apply", "leavers.csv", "--customer", "contoso", "--quiet"])
        #expect(result.code == .stoppedBySafetyLimit)
        #expect(result.errors.contains("delete 51 users (limit 50)"))
        workspace.write("fifty.csv", "UserPrincipalName,Action\n" + names.dropLast().map { "\($0),delete" }.joined(separator: "\n"))
        #expect(workspace.run(["apply", "fifty.csv", "--customer", "contoso", "--quiet"]).code == .success)
    }

    @Test func aLockRefusalLeavesTheReportFilesAsTheyWere() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("hr.csv", "UserPrincipalName,Department\namy.lin@contoso.com,Board\n")
        workspace.write("r.json", "earlier report")
        let store = try SQLiteDirectory(path: workspace.storePath)
        let lock = try store.lock(customerID: "contoso", holder: "another job", wait: 0)
        defer { lock.release() }
        let result = workspace.run(["apply", "hr.csv", "--customer", "contoso", "--quiet", "--report", "r.json"])
        #expect(result.code == .staleOrLocked)
        #expect(try String(contentsOfFile: workspace.directory + "/r.json", encoding: .utf8) == "earlier report")
    }

    @Test func reportTimesComeFromTheClockNotFromNow() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("hr.csv", "UserPrincipalName,Department\namy.lin@contoso.com,Board\n")
        // The wall clock, moved to 2027: far from PROVISION_NOW (2026-11-21).
        let offset = Date(timeIntervalSince1970: 1_800_000_000).timeIntervalSinceNow
        let start = Date().addingTimeInterval(offset)
        let out = OutputSink(), err = OutputSink()
        let code = ProvisionTool.main(arguments: ["apply", "hr.csv", "--customer", "contoso", "--quiet", "--format", "json"],
                                      environment: workspace.environment, output: out, errors: err,
                                      currentDirectory: workspace.directory, clock: { Date().addingTimeInterval(offset) })
        #expect(code == .success, "\(err.text)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(out.text.utf8)) as? [String: Any])
        let run = try #require(report["header"] as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Any])
        let formatter = ISO8601DateFormatter()
        let started = try #require((run["startedAt"] as? String).flatMap(formatter.date(from:)))
        let finished = try #require((summary["finishedAt"] as? String).flatMap(formatter.date(from:)))
        // (Reports give whole seconds.)
        #expect(started.timeIntervalSince(start) > -1, "PROVISION_NOW is 2026-11-21, the clock 2027")
        #expect(finished >= started)
    }

    /// Outputs whose folder is missing are refused before the run touches anything: no plan
    /// file, no report, no user changed (the sheet would otherwise fail after a commit).
    @Test func anOutputInAMissingFolderIsRefusedBeforeAnything() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("new.csv", "UserPrincipalName,DisplayName\nnew.hire@contoso.com,New Hire\n")
        let plan = workspace.run(["plan", "new.csv", "--customer", "contoso", "--out", "plan.json", "--report", "nowhere/r.json"])
        #expect(plan.code == .usageOrInput && plan.errors.contains("does not exist"), "\(plan.errors)")
        #expect(!FileManager.default.fileExists(atPath: workspace.directory + "/plan.json"))
        let apply = workspace.run(["apply", "new.csv", "--customer", "contoso", "--credentials", "nowhere/c.csv"])
        #expect(apply.code == .usageOrInput && apply.errors.contains("--credentials nowhere/c.csv"), "\(apply.errors)")
        let store = try SQLiteDirectory(path: workspace.storePath)
        #expect(try store.users(customerID: "contoso", principalNames: ["new.hire@contoso.com"]).isEmpty)
    }

    @Test func aFarPageIsEmptyAndAnEmptyFilterIsAUsageError() throws {
        let workspace = try CLIWorkspace.sample()
        let far = workspace.run(["users", "list", "--customer", "contoso", "--page", "9223372036854775807", "--format", "json"])
        #expect(far.code == .success, "\(far.errors)")
        let audit = workspace.run(["audit", "list", "--customer", "contoso", "--page", "9223372036854775807"])
        #expect(audit.code == .success || audit.code == .usageOrInput, "\(audit.errors)")
        for filter in ["", "="] {
            #expect(workspace.run(["users", "list", "--customer", "contoso", "--filter", filter]).code == .usageOrInput)
        }
    }

    @Test func aSavedPlanRefusesAllOrNothing() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("hr.csv", "UserPrincipalName,Department\namy.lin@contoso.com,Board\n")
        #expect(workspace.run(["plan", "hr.csv", "--customer", "contoso", "--out", "plan.json", "--quiet"]).code == .success)
        let result = workspace.run(["apply", "plan.json", "--all-or-nothing"])
        #expect(result.code == .usageOrInput && result.errors.contains("--all-or-nothing"))
    }
}
