import Foundation
import Testing
import Provisioning
import SQLiteDirectory
@testable import ProvisionCLI

@Suite struct CustomersListCommandTests {
    @Test func tableJSONAndCSVShowDomainsUsersAndSeats() throws {
        let workspace = try CLIWorkspace.sample()
        let table = workspace.run(["customers", "list"])
        #expect(table.code == .success)
        let lines = table.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[1].hasPrefix("contoso    Contoso Ltd. 康托索股份有限公司  TW        contoso.com, contoso.com.tw"))
        let json = try #require(try workspace.json(["customers", "list", "--format", "json"]) as? [[String: Any]])
        #expect(json.map { $0["id"] as? String } == ["contoso", "fabrikam", "northwind"])
        #expect(json[0]["domains"] as? [String] == ["contoso.com", "contoso.com.tw"])
        #expect(json[0]["users"] as? Int == 32)
        let e3 = (json[0]["seats"] as? [[String: Any]])?.first { $0["partNumber"] as? String == "SPE_E3" }
        #expect(e3?["available"] as? Int == 2)
        let csv = workspace.run(["customers", "list", "--format", "csv"]).output
        #expect(csv.hasPrefix("\u{FEFF}Id,Name,DefaultUsageLocation,Domains,Users,DeletedUsers,SeatsAssigned,SeatsPurchased\r\n"))
        #expect(csv.contains("contoso,Contoso Ltd. 康托索股份有限公司,TW,\"contoso.com;contoso.com.tw\",32,0,"))
        #expect(workspace.run(["customers", "list", "--format", "xml"]).code == .usageOrInput)
    }

    @Test func wideCharactersAlignInTables() {
        #expect(Listing.width("陳怡君") == 6)
        #expect(Listing.width("Anna") == 4)
        #expect(Listing.width("e\u{301}") == 1)
        var listing = Listing(columns: [.init(key: "a", title: "A"), .init(key: "b", title: "B", numeric: true)])
        listing.rows = [[.string("陳怡君"), .int(7)], [.string("x"), .int(12)]]
        #expect(listing.table == "A        B\n陳怡君   7\nx       12\n")
    }
}

@Suite struct UsersListCommandTests {
    @Test func pagesShowTheirPositionAndTotal() throws {
        let workspace = try CLIWorkspace.sample()
        let page = workspace.run(["users", "list", "--customer", "contoso", "--page", "2", "--page-size", "10"])
        #expect(page.code == .success)
        #expect(page.output.hasSuffix("contoso: all active users, page 2 of 4, 32 users in all, 10 shown; "
                                      + "--page 3 for the next, --all for every user\n"))
        let lastTable = workspace.run(["users", "list", "--customer", "contoso", "--page", "4", "--page-size", "10"])
        #expect(lastTable.output.hasSuffix("contoso: all active users, page 4 of 4, 32 users in all, 2 shown\n"))
        let last = try #require(try workspace.json(["users", "list", "--customer", "contoso", "--page", "4",
                                                    "--page-size", "10", "--format", "json"]) as? [String: Any])
        #expect(last["total"] as? Int == 32)
        #expect(last["pageCount"] as? Int == 4)
        let users = try #require(last["users"] as? [[String: Any]])
        #expect(users.count == 2)
        let names = users.compactMap { $0["userPrincipalName"] as? String }
        #expect(names == names.sorted { $0.lowercased() < $1.lowercased() })
        let beyond = try #require(try workspace.json(["users", "list", "--customer", "contoso", "--page", "9",
                                                      "--format", "json"]) as? [String: Any])
        #expect((beyond["users"] as? [Any])?.isEmpty == true)
    }

    @Test(arguments: [
        ("unlicensed", 1), ("licensed", 31), ("product=SPE_E5", 5), ("product=spe_e3", 23),
        ("department=研發部", 9), ("location=us", 1), ("deleted", 0),
    ])
    func filtersCountTheRightUsers(filter: String, count: Int) throws {
        let workspace = try CLIWorkspace.sample()
        let page = try #require(try workspace.json(["users", "list", "--customer", "contoso", "--filter", filter,
                                                    "--format", "json"]) as? [String: Any])
        #expect(page["total"] as? Int == count)
    }

    @Test func sortsByDisplayNameAndCreation() throws {
        let workspace = try CLIWorkspace.sample()
        let csv = workspace.run(["users", "list", "--customer", "fabrikam", "--sort", "name", "--format", "csv"]).output
        let names = csv.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[1]) }
        #expect(names.first == "Anna Schmidt")
        #expect(names == names.sorted())
        let created = workspace.run(["users", "list", "--customer", "fabrikam", "--sort", "created", "--format", "csv"]).output
        #expect(created.split(separator: "\r\n")[1].hasPrefix("anna.schmidt@fabrikam.de"))
    }

    @Test func deletedUsersListWithTheirDeletionDate() throws {
        let workspace = try CLIWorkspace.sample()
        let store = try SQLiteDirectory(path: workspace.storePath)
        let user = try #require(try store.users(customerID: "contoso", principalNames: ["intern01@contoso.com.tw"]).first)
        _ = try store.apply(ChangeBatch(batchID: "d", role: .adminAgent, operatorName: "t",
                                        now: Date(timeIntervalSince1970: 1_793_491_200),
                                        sets: [UserChangeSet(customerID: "contoso", objectID: user.objectID,
                                                             userPrincipalName: user.userPrincipalName, journalKey: "1",
                                                             steps: [.delete])]))
        let result = workspace.run(["users", "list", "--customer", "contoso", "--filter", "deleted"])
        #expect(result.output.contains("DELETED"))
        #expect(result.output.contains("intern01@contoso.com.tw"))
        #expect(result.output.contains("2026-11-01"))
    }

    @Test func badOptionsAndUnknownCustomersAreExitTwo() throws {
        let workspace = try CLIWorkspace.sample()
        #expect(workspace.run(["users", "list"]).errors == "provision: error: --customer ID is required\n")
        #expect(workspace.run(["users", "list", "--customer", "acme"]).errors
                == "provision: error: unknown customer 'acme'; the store has: contoso, fabrikam, northwind\n")
        #expect(workspace.run(["users", "list", "--customer", "contoso", "--filter", "colour=red"]).code == .usageOrInput)
        #expect(workspace.run(["users", "list", "--customer", "contoso", "--sort", "age"]).errors.contains("use one of upn, name, created, department"))
        #expect(workspace.run(["users", "list", "--customer", "contoso", "--page", "0"]).code == .usageOrInput)
        #expect(workspace.run(["users", "list", "--customer", "contoso", "--page-size", "20000"]).code == .usageOrInput)
    }
}
