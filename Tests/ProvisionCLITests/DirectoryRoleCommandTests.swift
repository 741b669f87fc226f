import Foundation
import Testing
import Provisioning
import SQLiteDirectory
@testable import ProvisionCLI

/// Directory roles and the Licenses cell through the commands: a misspelled `--role` is a
/// usage error, role grants show in previews and reports, `none` clears licenses and an empty
/// cell keeps them under `--exact`.
@Suite struct DirectoryRoleCommandTests {
    private static func user(_ name: String, in workspace: CLIWorkspace) throws -> User? {
        try SQLiteDirectory(path: workspace.storePath).users(customerID: "contoso", principalNames: [name]).first
    }

    @Test func aMisspelledRoleIsAUsageErrorNamingItAndWritesNothing() throws {
        let workspace = try RoleEnforcementTests.workspace()
        let before = try BadInputCorpusTests.snapshot(workspace.storePath)
        let result = workspace.run(["users", "create", "new.one@contoso.com", "--customer", "contoso",
                                    "--display-name", "New One", "--role", "Glbal Admin", "--credentials", "sheet.csv"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors.contains("--role: 'Glbal Admin' is not a Microsoft Entra built-in role (did you mean Global Administrator?)"),
                "\(result.errors)")
        #expect(try BadInputCorpusTests.snapshot(workspace.storePath) == before)
        #expect(!FileManager.default.fileExists(atPath: workspace.directory + "/sheet.csv"))
    }

    @Test func aRoleGivenInAnyCaseIsStoredAndShownByMicrosoftsName() throws {
        let workspace = try RoleEnforcementTests.workspace()
        let result = workspace.run(["users", "create", "new.one@contoso.com", "--customer", "contoso",
                                    "--display-name", "New One", "--role", "global administrator", "--credentials", "sheet.csv"])
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.output.contains("+ role Global Administrator"), "\(result.output)")
        #expect(try Self.user("new.one@contoso.com", in: workspace)?.roles == ["Global Administrator"])
    }

    @Test func aPreviewOfAFileGrantingARoleShowsItInEveryReport() throws {
        let workspace = try RoleEnforcementTests.workspace()
        _ = workspace.write("admins.csv", "UserPrincipalName,DisplayName,Roles\nnew.admin@contoso.com,New Admin,Global Administrator\n"
            + "bohan.tseng@contoso.com,曾柏翰,Helpdesk Administrator\n")
        let result = workspace.run(["plan", "admins.csv", "--customer", "contoso", "--report", "r.json", "--report", "r.csv",
                                    "--report", "r.html"])
        #expect(result.code == .success, "\(result.errors)")
        // A preview says it in the future tense.
        #expect(result.output.contains("+ will grant role Global Administrator"), "\(result.output)")
        #expect(result.output.contains("+ will grant role Helpdesk Administrator"))
        #expect(result.output.contains("- will remove role User Administrator"))
        let json = try String(contentsOfFile: workspace.directory + "/r.json", encoding: .utf8)
        #expect(json.contains("\"rolesAdded\": [\"Global Administrator\"]"), "\(json)")
        #expect(json.contains("\"rolesRemoved\": [\"User Administrator\"]"))
        let csv = try String(contentsOfFile: workspace.directory + "/r.csv", encoding: .utf8)
        #expect(csv.contains(",will grant role,Global Administrator,"), "\(csv)")
        #expect(csv.contains(",will remove role,User Administrator,"))
        let html = try String(contentsOfFile: workspace.directory + "/r.html", encoding: .utf8)
        #expect(html.contains("Will grant role Global Administrator"))
        #expect(html.contains("Will remove role User Administrator"))
    }

    @Test func aSavedPlanKeepsItsRoleChangesUntilApplied() throws {
        let workspace = try RoleEnforcementTests.workspace()
        _ = workspace.write("admins.csv", "UserPrincipalName,Roles,Action\nbohan.tseng@contoso.com,Helpdesk Administrator,update\n")
        let planned = workspace.run(["plan", "admins.csv", "--customer", "contoso", "--out", "plan.json", "--quiet"])
        #expect(planned.code == .success, "\(planned.errors)")
        let applied = workspace.run(["apply", "plan.json"])
        #expect(applied.code == .success, "\(applied.errors)")
        #expect(applied.output.contains("+ role Helpdesk Administrator"), "\(applied.output)")
        #expect(applied.output.contains("- role User Administrator"))
        #expect(try Self.user("bohan.tseng@contoso.com", in: workspace)?.roles == ["Helpdesk Administrator"])
    }

    @Test func aBadRoleInARowFailsThatUserAtItsLineAndColumn() throws {
        let workspace = try RoleEnforcementTests.workspace()
        _ = workspace.write("admins.csv", "UserPrincipalName,DisplayName,Roles\nnew.admin@contoso.com,New Admin,Glbal Admin\n"
            + "new.other@contoso.com,New Other,\n")
        let result = workspace.run(["apply", "admins.csv", "--customer", "contoso", "--credentials", "sheet.csv"])
        #expect(result.code == .someFailed)
        #expect(result.output.contains("InvalidInput: 'Glbal Admin' is not a Microsoft Entra built-in"), "\(result.output)")
        #expect(result.output.contains("fix: did you mean Global Administrator?"))
        #expect(result.output.contains("at line 2, column 3, field Roles"))
        #expect(try Self.user("new.admin@contoso.com", in: workspace) == nil)
        #expect(try Self.user("new.other@contoso.com", in: workspace) != nil)
    }

    @Test func licensesNoneClearsAUsersLicenses() throws {
        let workspace = try RoleEnforcementTests.workspace()
        #expect(try Self.user("meiling.huang@contoso.com", in: workspace)?.licenses.count == 2)
        _ = workspace.write("clear.csv", "UserPrincipalName,Licenses\nmeiling.huang@contoso.com,none\n")
        let result = workspace.run(["apply", "clear.csv", "--customer", "contoso"])
        #expect(result.code == .success, "\(result.errors)")
        #expect(try Self.user("meiling.huang@contoso.com", in: workspace)?.licenses == [])
    }

    @Test func anEmptyLicensesCellUnderExactKeepsTheUsersLicenses() throws {
        let workspace = try RoleEnforcementTests.workspace()
        _ = workspace.write("sync.csv", "UserPrincipalName,Department,Licenses\nmeiling.huang@contoso.com,Board,\n"
            + "jiahao.chang@contoso.com,,POWER_BI_PRO\n")
        let result = workspace.run(["apply", "sync.csv", "--customer", "contoso", "--exact"])
        #expect(result.code == .success, "\(result.errors)")
        let meiling = try #require(try Self.user("meiling.huang@contoso.com", in: workspace))
        #expect(meiling.licenses.map(\.partNumber).sorted() == ["POWER_BI_PRO", "SPE_E3"])
        #expect(meiling.attributes.department == "Board")
        #expect(try Self.user("jiahao.chang@contoso.com", in: workspace)?.licenses.map(\.partNumber) == ["POWER_BI_PRO"],
                "a cell that names products is still the whole set under --exact")
    }
}
