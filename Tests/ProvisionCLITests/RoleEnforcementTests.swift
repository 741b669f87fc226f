import Foundation
import Testing
@testable import ProvisionCLI

/// The operator roles of docs/permissions.md, enforced on every path that changes the
/// directory: each operation through its real command for each role, on its own copy of the
/// sample store. Allowed: exit 0. Refused: a PermissionDenied (exit 1 for a user's change,
/// exit 2 for a purge or a saved plan) and the store exactly as it was.
@Suite struct RoleEnforcementTests {
    enum Operation: String, CaseIterable, Sendable {
        case createOne, createFromFile, updateFromFile, delete, restore, resetPassword, resetAdminPassword,
             assign, revoke, purge, createOneWithRole, changeRolesFromFile

        /// Roles that may, from docs/permissions.md.
        var allowed: Set<String> {
            let all: Set<String> = ["admin-agent", "global-admin", "user-management-admin", "helpdesk-agent", "sales-agent"]
            switch self {
            case .createOne, .updateFromFile, .delete, .restore, .purge:
                return ["admin-agent", "global-admin", "user-management-admin"]
            case .createFromFile, .resetAdminPassword, .createOneWithRole, .changeRolesFromFile:
                return ["admin-agent", "global-admin"]
            case .resetPassword:
                return ["admin-agent", "global-admin", "user-management-admin", "helpdesk-agent"]
            case .assign, .revoke:
                return all
            }
        }

        /// The command, after any set-up the operation needs (run as admin agent).
        func arguments(_ workspace: CLIWorkspace) -> (setUp: [String]?, command: [String]) {
            let customer = ["--customer", "contoso"]
            switch self {
            case .createOne:
                return (nil, ["users", "create", "new.one@contoso.com", "--display-name", "New One"] + customer)
            case .createFromFile:
                write("UserPrincipalName,DisplayName,Action\nnew.file@contoso.com,New File,create\n", "create.csv", workspace)
                return (nil, ["apply", "create.csv"] + customer)
            case .updateFromFile:
                write("UserPrincipalName,Department,Action\nyijun.chen@contoso.com,Audit,update\n", "update.csv", workspace)
                return (nil, ["apply", "update.csv"] + customer)
            case .createOneWithRole:
                return (nil, ["users", "create", "new.admin@contoso.com", "--display-name", "New Admin",
                              "--role", "Helpdesk Administrator"] + customer)
            case .changeRolesFromFile:
                write("UserPrincipalName,Roles,Action\nbohan.tseng@contoso.com,Helpdesk Administrator,update\n", "roles.csv",
                      workspace)
                return (nil, ["apply", "roles.csv"] + customer)
            case .delete:
                return (nil, ["users", "delete", "zhiwei.lin@contoso.com.tw"] + customer)
            case .restore:
                return (["users", "delete", "meiling.huang@contoso.com"] + customer,
                        ["users", "restore", "meiling.huang@contoso.com"] + customer)
            case .resetPassword:
                return (nil, ["users", "reset-password", "jiahao.chang@contoso.com"] + customer)
            case .resetAdminPassword:
                return (nil, ["users", "reset-password", "it.admin@contoso.com"] + customer)
            case .assign:
                return (nil, ["licenses", "assign", "--product", "POWER_BI_PRO", "--users", "jiahao.chang@contoso.com"] + customer)
            case .revoke:
                return (nil, ["licenses", "revoke", "--product", "SPE_E3", "--users", "jiahao.chang@contoso.com"] + customer)
            case .purge:
                return (["users", "delete", "shufen.li@contoso.com.tw", "--now", "2026-09-01T00:00:00Z"] + customer,
                        ["users", "purge"] + customer)
            }
        }

        private func write(_ text: String, _ name: String, _ workspace: CLIWorkspace) {
            FileManager.default.createFile(atPath: workspace.directory + "/" + name, contents: Data(text.utf8))
        }
    }

    static let roles = ["admin-agent", "global-admin", "user-management-admin", "helpdesk-agent", "sales-agent"]

    /// A workspace holding a copy of the sample store.
    static func workspace() throws -> CLIWorkspace {
        let workspace = try CLIWorkspace()
        try FileManager.default.copyItem(atPath: try #require(BadInputCorpusTests.template), toPath: workspace.storePath)
        return workspace
    }

    @Test(arguments: Operation.allCases, roles)
    func everyOperationFollowsThePermissionMatrix(_ operation: Operation, role: String) throws {
        let workspace = try Self.workspace()
        let (setUp, command) = operation.arguments(workspace)
        if let setUp {
            let prepared = workspace.run(setUp + ["--quiet"])
            #expect(prepared.code == .success, "\(setUp): \(prepared.errors)")
        }
        let before = try BadInputCorpusTests.snapshot(workspace.storePath)
        let sheet = operation == .purge ? [] : ["--credentials", "sheet.csv"]
        let result = workspace.run(command + ["--as", role, "--quiet"] + sheet)
        if operation.allowed.contains(role) {
            #expect(result.code == .success, "\(operation) as \(role): \(result.output) \(result.errors)")
            #expect(try BadInputCorpusTests.snapshot(workspace.storePath) != before, "\(operation) as \(role) changed nothing")
        } else {
            #expect(result.code == (operation == .purge ? .usageOrInput : .someFailed), "\(operation) as \(role)")
            #expect((result.output + result.errors).contains("PermissionDenied"), "\(operation) as \(role)")
            #expect(try BadInputCorpusTests.snapshot(workspace.storePath) == before, "\(operation) as \(role) wrote")
            #expect(!FileManager.default.fileExists(atPath: workspace.directory + "/sheet.csv"))
        }
    }

    /// A plan saved by one role and applied by another: refused (exit 2, nothing written)
    /// when the applying role ranks below the planning one, applied otherwise.
    @Test(arguments: [("global-admin", "user-management-admin", false), ("global-admin", "sales-agent", false),
                      ("user-management-admin", "helpdesk-agent", false), ("global-admin", "admin-agent", true),
                      ("helpdesk-agent", "global-admin", true), ("sales-agent", "sales-agent", true)])
    func aSavedPlanCannotBeAppliedByAWeakerRole(planner: String, applier: String, allowed: Bool) throws {
        let workspace = try Self.workspace()
        let rows = "UserPrincipalName,Licenses,Action\njiahao.chang@contoso.com,POWER_BI_PRO,update\n"
        FileManager.default.createFile(atPath: workspace.directory + "/assign.csv", contents: Data(rows.utf8))
        let planned = workspace.run(["plan", "assign.csv", "--customer", "contoso", "--out", "plan.json", "--as", planner,
                                     "--quiet"])
        #expect(planned.code == .success, "\(planned.errors)")
        let before = try BadInputCorpusTests.snapshot(workspace.storePath)
        let applied = workspace.run(["apply", "plan.json", "--as", applier, "--quiet"])
        if allowed {
            #expect(applied.code == .success, "\(planner) → \(applier): \(applied.errors)")
            #expect(try BadInputCorpusTests.snapshot(workspace.storePath) != before)
        } else {
            #expect(applied.code == .usageOrInput, "\(planner) → \(applier)")
            #expect(applied.errors.contains("PermissionDenied: the plan was made as \(planner)"))
            #expect(try BadInputCorpusTests.snapshot(workspace.storePath) == before)
        }
    }

    @Test func anUnknownRoleIsAUsageError() throws {
        let workspace = try Self.workspace()
        let result = workspace.run(["users", "delete", "zhiwei.lin@contoso.com.tw", "--customer", "contoso", "--as", "root"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors.contains("--as: unknown role 'root'"))
    }
}
