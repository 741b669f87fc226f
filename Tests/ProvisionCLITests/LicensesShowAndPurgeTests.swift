import Foundation
import Testing
import Provisioning
import SQLiteDirectory
@testable import ProvisionCLI

@Suite struct LicensesShowCommandTests {
    static func product(_ json: Any, _ partNumber: String) -> [String: Any]? {
        ((json as? [String: Any])?["products"] as? [[String: Any]])?.first { $0["partNumber"] as? String == partNumber }
    }

    @Test func showsSeatsWithBuyMoreWhenNoneAreLeft() throws {
        let workspace = try CLIWorkspace.sample()
        let table = workspace.run(["licenses", "show", "--customer", "contoso"])
        #expect(table.code == .success)
        #expect(table.output.contains("Microsoft 365 E5                          SPE_E5                       5         5          0  buy more\n"))
        #expect(table.output.contains("Microsoft 365 E3                          SPE_E3                      25        23          2\n"))
        let json = try workspace.json(["licenses", "show", "--customer", "contoso", "--format", "json"])
        #expect(Self.product(json, "SPE_E3")?["available"] as? Int == 2)
        #expect(Self.product(json, "SPE_E5")?["note"] as? String == "buy more")
    }

    @Test func aSelectionShowsAllSomeOrNoneAndWho() throws {
        let workspace = try CLIWorkspace.sample()
        let users = "yijun.chen@contoso.com,zhiwei.lin@contoso.com.tw,MEILING.HUANG@contoso.com"
        let json = try workspace.json(["licenses", "show", "--customer", "contoso", "--users", users, "--format", "json"])
        #expect((json as? [String: Any])?["selectedUsers"] as? Int == 3)
        #expect(Self.product(json, "SPE_E3")?["selected"] as? String == "all")
        #expect(Self.product(json, "MCOMEETADV")?["selected"] as? String == "some")
        #expect(Self.product(json, "MCOMEETADV")?["heldBy"] as? [String] == ["yijun.chen@contoso.com"])
        #expect(Self.product(json, "POWER_BI_PRO")?["heldBy"] as? [String] == ["meiling.huang@contoso.com"])
        #expect(Self.product(json, "SPE_E5")?["selected"] as? String == "none")
        let table = workspace.run(["licenses", "show", "--customer", "contoso", "--users", users]).output
        #expect(table.contains("some (1 of 3)  yijun.chen@contoso.com"))
        #expect(table.contains("all (3 of 3)"))
    }

    @Test func selectionsComeFromFilesAndFilters() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("who.csv", "UserPrincipalName\r\nanna.schmidt@fabrikam.de\r\nlea.weber@fabrikam.de\r\n")
        let fromFile = try workspace.json(["licenses", "show", "--customer", "fabrikam", "--users-file", "who.csv",
                                           "--format", "json"])
        #expect(Self.product(fromFile, "SPE_E5")?["heldBy"] as? [String] == ["anna.schmidt@fabrikam.de"])
        #expect(Self.product(fromFile, "MCOPSTN1")?["selected"] as? String == "some")
        let filtered = try workspace.json(["licenses", "show", "--customer", "contoso", "--filter", "department=財務部",
                                           "--format", "json"])
        #expect((filtered as? [String: Any])?["selectedUsers"] as? Int == 4)
        #expect(Self.product(filtered, "POWER_BI_PRO")?["selected"] as? String == "all")
    }

    @Test func unknownUsersAndDeletedFilterAreExitTwo() throws {
        let workspace = try CLIWorkspace.sample()
        let unknown = workspace.run(["licenses", "show", "--customer", "contoso", "--users", "nobody@contoso.com"])
        #expect(unknown.code == .usageOrInput)
        #expect(unknown.errors == "provision: error: user 'nobody@contoso.com' is not an active user of customer contoso\n")
        #expect(workspace.run(["licenses", "show", "--customer", "contoso", "--filter", "deleted"]).code == .usageOrInput)
    }
}

@Suite struct UsersPurgeCommandTests {
    /// Deletes `names` of contoso at `date`.
    static func delete(_ names: [String], at date: String, in workspace: CLIWorkspace) throws {
        let store = try SQLiteDirectory(path: workspace.storePath)
        let when = try #require(ISO8601DateFormatter().date(from: date))
        let sets = try store.users(customerID: "contoso", principalNames: names).map {
            UserChangeSet(customerID: "contoso", objectID: $0.objectID, userPrincipalName: $0.userPrincipalName,
                          journalKey: $0.userPrincipalName, steps: [.delete])
        }
        _ = try store.apply(ChangeBatch(batchID: "delete-\(date)", role: .adminAgent, operatorName: "t", now: when, sets: sets))
    }

    @Test func purgesOnlyUsersDeletedMoreThanThirtyDaysBefore() throws {
        let workspace = try CLIWorkspace.sample()
        try Self.delete(["store01@contoso.com"], at: "2026-10-01T00:00:00Z", in: workspace)
        try Self.delete(["store02@contoso.com"], at: "2026-10-25T00:00:00Z", in: workspace)
        let result = workspace.run(["users", "purge", "--customer", "contoso"])
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.output == "contoso: purged 1 user deleted before 2026-10-22T09:00:00Z\n")
        let left = try SQLiteDirectory(path: workspace.storePath).listUsers(customerID: "contoso",
                                                                             query: UserQuery(filter: .deleted))
        #expect(left.users.map(\.userPrincipalName) == ["store02@contoso.com"])
        // 31 days after the second deletion, a run over every customer purges it too.
        let later = workspace.run(["users", "purge", "--all-customers", "--now", "2026-11-26T00:00:00Z"])
        #expect(later.output.contains("contoso: purged 1 user"))
        #expect(later.output.hasSuffix("purged 1 in all\n"))
    }

    @Test func aRoleThatMayNotPurgeIsRefused() throws {
        let workspace = try CLIWorkspace.sample()
        let result = workspace.run(["users", "purge", "--all-customers", "--as", "helpdesk-agent"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors.contains("PermissionDenied: role helpdesk-agent may not purge deleted users"))
        #expect(workspace.run(["users", "purge", "--all-customers", "--as", "janitor"]).code == .usageOrInput)
    }

    @Test func purgingEveryCustomerNeedsAllCustomersSaid() throws {
        let workspace = try CLIWorkspace.sample()
        try Self.delete(["store01@contoso.com"], at: "2026-10-01T00:00:00Z", in: workspace)
        let bare = workspace.run(["users", "purge"])
        #expect(bare.code == .usageOrInput)
        #expect(bare.errors == "provision: error: users purge: name the customer with --customer ID, "
                + "or purge every customer with --all-customers\n")
        let both = workspace.run(["users", "purge", "--customer", "contoso", "--all-customers"])
        #expect(both.code == .usageOrInput)
        #expect(both.errors.contains("--customer and --all-customers exclude each other"))
        let left = try SQLiteDirectory(path: workspace.storePath).listUsers(customerID: "contoso",
                                                                             query: UserQuery(filter: .deleted))
        #expect(left.users.map(\.userPrincipalName) == ["store01@contoso.com"], "nothing was purged")
        #expect(workspace.run(["users", "purge", "--all-customers"]).output
                == "contoso: purged 1 user deleted before 2026-10-22T09:00:00Z\n"
                + "fabrikam: purged 0 users deleted before 2026-10-22T09:00:00Z\n"
                + "northwind: purged 0 users deleted before 2026-10-22T09:00:00Z\npurged 1 in all\n")
    }

    @Test func aDryRunListsWhoWouldBePurgedAndWritesNothing() throws {
        let workspace = try CLIWorkspace.sample()
        try Self.delete(["store01@contoso.com", "yijun.chen@contoso.com"], at: "2026-10-01T00:00:00Z", in: workspace)
        try Self.delete(["store02@contoso.com"], at: "2026-10-25T00:00:00Z", in: workspace)
        let store = try SQLiteDirectory(path: workspace.storePath)
        let counter = try store.changeCounter(customerID: "contoso")
        let result = workspace.run(["users", "purge", "--customer", "contoso", "--dry-run"])
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.output == """
            contoso: would purge 2 users deleted before 2026-10-22T09:00:00Z
              store01@contoso.com (deleted 2026-10-01T00:00:00Z)
              yijun.chen@contoso.com (deleted 2026-10-01T00:00:00Z)
            dry run: nothing was changed

            """)
        #expect(try store.changeCounter(customerID: "contoso") == counter)
        #expect(try store.listUsers(customerID: "contoso", query: UserQuery(filter: .deleted)).total == 3)
        #expect(!FileManager.default.fileExists(atPath: workspace.storePath + ".locks/contoso.lock"), "no lock taken")
    }

    @Test func jsonSaysWhoWasOrWouldBePurged() throws {
        let workspace = try CLIWorkspace.sample()
        try Self.delete(["store01@contoso.com"], at: "2026-10-01T00:00:00Z", in: workspace)
        for dryRun in [true, false] {
            let document = try #require(try workspace.json(["users", "purge", "--customer", "contoso", "--format", "json"]
                                                           + (dryRun ? ["--dry-run"] : [])) as? [String: Any])
            #expect(document["dryRun"] as? Bool == dryRun)
            #expect(document["deletedBefore"] as? String == "2026-10-22T09:00:00Z")
            #expect(document["total"] as? Int == 1)
            let customers = try #require(document["customers"] as? [[String: Any]])
            #expect(customers.first?["customer"] as? String == "contoso")
            let users = try #require(customers.first?["users"] as? [[String: Any]])
            #expect(users.first?["userPrincipalName"] as? String == "store01@contoso.com")
            #expect(users.first?["deletedAt"] as? String == "2026-10-01T00:00:00Z")
        }
        #expect(try SQLiteDirectory(path: workspace.storePath).listUsers(customerID: "contoso",
                                                                          query: UserQuery(filter: .deleted)).total == 0)
        #expect(workspace.run(["users", "purge", "--customer", "contoso", "--format", "csv"]).code == .usageOrInput)
    }

    @Test func aBusyCustomerIsExitThreeNamingTheHolder() throws {
        let workspace = try CLIWorkspace.sample()
        let store = try SQLiteDirectory(path: workspace.storePath)
        let lock = try store.lock(customerID: "contoso", holder: "nightly apply", wait: 0)
        defer { lock.release() }
        let result = workspace.run(["users", "purge", "--customer", "contoso"])
        #expect(result.code == .staleOrLocked)
        // The lock adds the holding process, its host and when it took the lock.
        #expect(result.errors.contains("locked by another job (nightly apply, pid \(getpid()) on "))
        #expect(result.errors.contains(", since 20"))
    }
}
