import Foundation
import Testing
@testable import ProvisionCLI

/// Reports say what the run read and what it did, in the right tense: the "Input" part in
/// every format (whatever `--quiet` hides), the reader's warnings on standard error, and
/// previews that speak of what will happen.
@Suite struct ReportHonestyTests {
    /// A stray quote on line 3 (column 2) and a misspelled `Licenes` column (column 3).
    static let input = "UserPrincipalName,DisplayName,Licenes\n"
        + "new.one@contoso.com,New One,SPE_E3\n"
        + "new.two@contoso.com,New \"Two\" Person,SPE_E3\n"

    @Test func everyReportFormatHasTheInputPartEvenWithQuiet() throws {
        let (workspace, _) = try OutputSafetyTests.workspace()
        _ = workspace.write("users.csv", Self.input)
        let result = workspace.run(["plan", "users.csv", "--customer", "contoso", "--quiet",
                                    "--report", "r.json", "--report", "r.html", "--report", "r.csv"])
        #expect(result.code == .success, "\(result.errors)")
        // Standard error: the notes and warnings stay under --quiet; the "Reading …" line goes.
        #expect(result.errors.contains("note: column 3 'Licenes' (did you mean Licenses?) is not used"), "\(result.errors)")
        #expect(result.errors.contains("warning: users.csv:3:2: quote inside an unquoted field"), "\(result.errors)")
        #expect(!result.errors.contains("Reading users.csv"))
        // Text on standard output.
        #expect(result.output.contains("Input read as native\n"), "\(result.output)")
        #expect(result.output.contains("  note: column 3 'Licenes' (did you mean Licenses?) is not used"))
        #expect(result.output.contains("  warning: line 3, column 2: quote inside an unquoted field"))
        // JSON: header.intake.
        let data = try Data(contentsOf: URL(fileURLWithPath: workspace.directory + "/r.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let intake = try #require((root["header"] as? [String: Any])?["intake"] as? [String: Any])
        #expect(intake["format"] as? String == "native")
        let unused = try #require(intake["unusedColumns"] as? [[String: Any]])
        #expect(unused.first?["header"] as? String == "Licenes" && unused.first?["column"] as? Int == 3)
        let warnings = try #require(intake["warnings"] as? [[String: Any]])
        #expect(warnings.count == 1)
        #expect(warnings.first?["code"] as? String == "strayQuote")
        #expect(warnings.first?["line"] as? Int == 3 && warnings.first?["column"] as? Int == 2)
        // HTML and CSV.
        let html = try String(contentsOfFile: workspace.directory + "/r.html", encoding: .utf8)
        #expect(html.contains("<h2>Input</h2>") && html.contains("strayQuote") && html.contains("&#39;Licenes&#39;"))
        let csv = try String(contentsOfFile: workspace.directory + "/r.csv", encoding: .utf8)
        #expect(csv.contains(",,,,,,input,,,,,read as native,"), "\(csv)")
        #expect(csv.contains(",,,,,,unused column,,,,,column 3 'Licenes' (did you mean Licenses?) is not used,"))
        #expect(csv.contains(",3,,,,,input warning,,,,strayQuote,"))
    }

    @Test func aPreviewSpeaksOfWhatWillHappenInEveryFormat() throws {
        let (workspace, _) = try OutputSafetyTests.workspace()
        _ = workspace.write("hires.csv", "UserPrincipalName,DisplayName,UsageLocation,Licenses\nnew.hire@contoso.com,New Hire,TW,SPE_E3\n")
        let result = workspace.run(["apply", "hires.csv", "--customer", "contoso", "--dry-run", "--quiet",
                                    "--report", "r.json", "--report", "r.csv", "--report", "r.html"])
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.output.contains("New Hire · will create · line 2"), "\(result.output)")
        #expect(result.output.contains("+ will add Microsoft 365 E3"))
        #expect(result.output.contains("* will issue a temporary password"))
        #expect(!result.output.contains("password issued"))
        let data = try Data(contentsOf: URL(fileURLWithPath: workspace.directory + "/r.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let summary = try #require(root["summary"] as? [String: Any])
        #expect(summary["created"] as? Int == 0)
        #expect(summary["toCreate"] as? Int == 1)
        let csv = try String(contentsOfFile: workspace.directory + "/r.csv", encoding: .utf8)
        #expect(csv.contains(",planned,will add,Microsoft 365 E3,SPE_E3,"), "\(csv)")
        #expect(csv.contains(",planned,password,,,,,will issue a temporary password,"))
        let html = try String(contentsOfFile: workspace.directory + "/r.html", encoding: .utf8)
        #expect(html.contains("<td>will create</td>") && html.contains("title=\"Will add\"") && html.contains("Will issue a temporary password"))
    }

    @Test func anApplyCountsCreatedNotToCreate() throws {
        let (workspace, _) = try OutputSafetyTests.workspace()
        _ = workspace.write("hires.csv", "UserPrincipalName,DisplayName\nnew.hire@contoso.com,New Hire\n")
        let result = workspace.run(["apply", "hires.csv", "--customer", "contoso", "--quiet", "--format", "json",
                                    "--credentials", "sheet.csv"])
        #expect(result.code == .success, "\(result.errors)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let summary = try #require(root["summary"] as? [String: Any])
        #expect(summary["created"] as? Int == 1 && summary["toCreate"] as? Int == 0)
    }

    /// All-or-nothing: the valid user is skipped, and nothing about it reads as added.
    @Test func skippedUsersShowNothingAsAdded() throws {
        let (workspace, _) = try OutputSafetyTests.workspace()
        _ = workspace.write("hires.csv", "UserPrincipalName,DisplayName,UsageLocation,Licenses\n"
                            + "good.hire@contoso.com,Good Hire,TW,SPE_E3\nbad hire@contoso.com,Bad Hire,TW,SPE_E3\n")
        let result = workspace.run(["apply", "hires.csv", "--customer", "contoso", "--all-or-nothing", "--quiet",
                                    "--report", "r.json"])
        #expect(result.code == .someFailed, "\(result.errors)")
        #expect(result.output.contains("skipped    good.hire@contoso.com"), "\(result.output)")
        #expect(!result.output.contains("+ added"), "\(result.output)")
        #expect(!result.output.contains("password issued"), "\(result.output)")
        let data = try Data(contentsOf: URL(fileURLWithPath: workspace.directory + "/r.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let skipped = try #require((root["outcomes"] as? [[String: Any]])?.first { $0["status"] as? String == "skipped" })
        #expect((skipped["added"] as? [Any])?.isEmpty == true)
        #expect(skipped["passwordIssued"] as? Bool == false)
    }

    /// `users create` shows the password on the terminal: the report must not claim it is in a sheet.
    @Test func aPasswordShownOnTheTerminalIsNotSaidToBeInASheet() throws {
        let (workspace, _) = try OutputSafetyTests.workspace()
        let result = workspace.run(["users", "create", "shown.once@contoso.com", "--customer", "contoso",
                                    "--display-name", "Shown Once"])
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.output.contains("Temporary password for shown.once@contoso.com: "))
        #expect(!result.output.contains("credentials sheet"), "\(result.output)")
    }
}
