import Foundation
@testable import ProvisionCLI
import Testing

/// `provision submit`, `worker` and `jobs` in process, on the SQLite store's queue.
@Suite struct QueueCommandTests {
    static let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_795_251_600) }

    /// A run with a fixed wall clock (the reports' start and end times).
    static func run(_ workspace: CLIWorkspace, _ arguments: [String]) -> (code: ExitCode, output: [UInt8], errors: String) {
        let out = OutputSink(), err = OutputSink()
        let code = ProvisionTool.main(arguments: arguments, environment: workspace.environment, output: out, errors: err,
                                      input: FileHandle.nullDevice, currentDirectory: workspace.directory, clock: clock)
        return (code, Array(out.text.utf8), err.text)
    }

    static let file = """
        UserPrincipalName,DisplayName,Licenses,UsageLocation
        nora.queue@contoso.com,Nora Queue,SPE_E3,TW
        omar.queue@contoso.com,Omar Queue,SPE_E3;EXCHANGESTANDARD,TW
        amy.lin@contoso.com,Amy Lin,SPE_E3,TW
        bad name@contoso.com,Bad Name,SPE_E3,TW
        """ + "\n"

    @Test(arguments: ["text", "json", "csv", "html"])
    func aQueuedJobsReportIsTheReportOfALocalApplyOfTheSameFile(_ format: String) throws {
        let local = try CLIWorkspace.sample(), queued = try CLIWorkspace.sample()
        for workspace in [local, queued] { workspace.write("users.csv", Self.file) }
        let applied = Self.run(local, ["apply", "users.csv", "--customer", "contoso", "--report", "local.\(format)", "--quiet"])
        #expect(applied.code == .someFailed, "\(applied.errors)")
        let written = try #require(FileManager.default.contents(atPath: local.directory + "/local.\(format)"))
        let submitted = Self.run(queued, ["submit", "users.csv", "--customer", "contoso", "--quiet"])
        #expect(submitted.code == .success && String(decoding: submitted.output, as: UTF8.self) == "Job 1 queued: 4 rows for contoso\n",
                "\(submitted.errors)")
        let worked = Self.run(queued, ["worker", "--once", "--quiet"])
        #expect(worked.code == .success && worked.errors == "job 1 (contoso, attempt 1): done\n", "\(worked.errors)")
        let report = Self.run(queued, ["jobs", "report", "1", "--format", format])
        #expect(report.code == .success, "\(report.errors)")
        #expect(String(decoding: report.output, as: UTF8.self) == String(decoding: written, as: UTF8.self))
        // The same directory after both: the same users with the same licenses.
        let users: (CLIWorkspace) throws -> String = { workspace in
            String(decoding: Self.run(workspace, ["users", "list", "--customer", "contoso", "--format", "csv"]).output, as: UTF8.self)
                .split(whereSeparator: \.isNewline).map { line in
                    line.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",")
                }.sorted()
                .joined(separator: "\n")
        }
        let (before, after) = (try users(local), try users(queued))
        #expect(before == after, "\(before)\n---\n\(after)")
    }

    @Test func theWorkersSheetHoldsTheJobsPasswordsAndJobsShowSaysWhere() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("users.csv", Self.file)
        #expect(Self.run(workspace, ["submit", "users.csv", "--customer", "contoso"]).code == .success)
        #expect(Self.run(workspace, ["worker", "--once", "--credentials-dir", "sheets"]).code == .success)
        let sheet = workspace.directory + "/sheets/job-1-credentials.csv"
        let text = try String(contentsOfFile: sheet, encoding: .utf8)
        #expect(text.contains("nora.queue@contoso.com") && !text.contains("omar.queue") && !text.contains("amy.lin"), "\(text)")
        let attributes = try FileManager.default.attributesOfItem(atPath: sheet)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: workspace.directory + "/sheets")[.posixPermissions] as? Int) == 0o700)
        let show = try #require(try JSONSerialization.jsonObject(with: Data(Self.run(workspace, ["jobs", "show", "1", "--format", "json"]).output))
                                as? [String: Any])
        let summary = try #require(show["summary"] as? [String: Any])
        #expect(show["status"] as? String == "done" && show["operator"] as? String == "tester" && show["attempts"] as? Int == 1)
        #expect(summary["succeeded"] as? Int == 2 && summary["failed"] as? Int == 2 && summary["unchanged"] as? Int == 0
                && summary["passwords"] as? Int == 1, "\(summary)")
        #expect(summary["credentialsSheet"] as? String == sheet)
        // No password in the queue: not in the report, the summary or anything jobs show prints.
        let passwords = text.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").last.map(String.init) }
        let shown = String(decoding: Self.run(workspace, ["jobs", "show", "1"]).output + Self.run(workspace, ["jobs", "report", "1",
                                                                                                              "--format", "json"]).output,
                           as: UTF8.self)
        for password in passwords { #expect(!shown.contains(password)) }
        let listed = String(decoding: Self.run(workspace, ["jobs", "list"]).output, as: UTF8.self)
        #expect(listed.contains("done") && listed.contains("2 succeeded, 2 failed"), "\(listed)")
    }

    @Test func aFileNamingSeveralCustomersIsOneJobPerCustomerInFirstAppearanceOrder() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("mixed.csv", """
            Customer,UserPrincipalName,DisplayName
            FABRIKAM,lena.q@fabrikam.de,Lena Q
            contoso,ken.q@contoso.com,Ken Q
            fabrikam,max.q@fabrikam.de,Max Q
            """ + "\n")
        let submitted = Self.run(workspace, ["submit", "mixed.csv", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(submitted.output)) as? [String: Any])
        let jobs = try #require(json["jobs"] as? [[String: Any]])
        #expect(jobs.map { $0["customer"] as? String } == ["fabrikam", "contoso"] && jobs.map { $0["rows"] as? Int } == [2, 1])
        #expect(Self.run(workspace, ["worker", "--once", "--quiet"]).code == .success)
        let fabrikam = String(decoding: Self.run(workspace, ["jobs", "report", "1"]).output, as: UTF8.self)
        #expect(fabrikam.contains("lena.q@fabrikam.de") && fabrikam.contains("max.q@fabrikam.de") && !fabrikam.contains("ken.q"))
        #expect(fabrikam.contains("line 2") && fabrikam.contains("line 4"), "the file's own line numbers")
    }

    @Test(arguments: [
        ("cut.csv", "Customer,UserPrincipalName,DisplayName\ncontoso,\"ada@contoso.com,Ada\n", "is not closed before the end of the input"),
        ("nobody.csv", "Customer,UserPrincipalName,DisplayName\ncontoso,ada@contoso.com,Ada\n,bo@contoso.com,Bo\n",
         "line 3 name no customer"),
        ("unknown.csv", "Customer,UserPrincipalName,DisplayName\ncontoso,ada@contoso.com,Ada\ncontosso,bo@contoso.com,Bo\n",
         "line 3 name the unknown customer 'contosso' (did you mean contoso?)"),
    ])
    func aBadFileIsRefusedWithExitTwoAndNothingIsQueued(_ name: String, _ text: String, _ message: String) throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write(name, text)
        let submitted = Self.run(workspace, ["submit", name])
        #expect(submitted.code == .usageOrInput && submitted.errors.contains(message), "\(submitted.errors)")
        let listed = Self.run(workspace, ["jobs", "list", "--format", "json"])
        #expect(String(decoding: listed.output, as: UTF8.self) == "[]\n")
    }

    @Test func exactWithoutALicensesColumnIsRefusedAtSubmission() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("d.csv", "UserPrincipalName,Department\namy.lin@contoso.com,Board\n")
        let submitted = Self.run(workspace, ["submit", "d.csv", "--customer", "contoso", "--exact"])
        #expect(submitted.code == .usageOrInput && submitted.errors.contains("Licenses column"))
    }

    @Test func aJobThatCannotRunFailsForGoodWithItsErrorAndTheReportSaysSo() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("users.csv", Self.file)
        #expect(Self.run(workspace, ["submit", "users.csv", "--customer", "contoso", "--location", "Atlantis"]).code == .usageOrInput,
                "a bad --location is an input error at submission")
        #expect(Self.run(workspace, ["submit", "users.csv", "--customer", "contoso", "--attempts", "0"]).code == .usageOrInput)
        let report = Self.run(workspace, ["jobs", "report", "7"])
        #expect(report.code == .usageOrInput && report.errors.contains("no job 7"))
        #expect(Self.run(workspace, ["jobs", "show", "x"]).errors.contains("is not a job id"))
    }

    @Test func aWorkerRefusesACredentialsFolderOpenToOthersBeforeClaimingAnything() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("users.csv", Self.file)
        #expect(Self.run(workspace, ["submit", "users.csv", "--customer", "contoso"]).code == .success)
        let open = workspace.directory + "/open"
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o777])
        let refused = Self.run(workspace, ["worker", "--once", "--credentials-dir", "open"])
        #expect(refused.code == .usageOrInput && refused.errors.contains("refusing to put passwords in \(open)")
                && refused.errors.contains("--credentials-dir DIR"), "\(refused.errors)")
        let job = String(decoding: Self.run(workspace, ["jobs", "show", "1"]).output, as: UTF8.self)
        #expect(job.contains("Status:       queued") && job.contains("Attempts:     0 of 3"))
    }

    @Test func aQueuedJobNotYetRunHasNoReportYet() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("users.csv", Self.file)
        #expect(Self.run(workspace, ["submit", "users.csv", "--customer", "contoso"]).code == .success)
        let report = Self.run(workspace, ["jobs", "report", "1"])
        #expect(report.code == .usageOrInput && report.errors.contains("job 1 is queued (waiting)"), "\(report.errors)")
        let text = String(decoding: Self.run(workspace, ["jobs", "show", "1"]).output, as: UTF8.self)
        #expect(text.contains("Status:       queued") && text.contains("Attempts:     0 of 3") && text.contains("by tester"), "\(text)")
    }
}
