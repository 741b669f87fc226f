import Foundation
import Testing
import Provisioning
import SQLiteDirectory
@testable import ProvisionCLI

/// `users import --graph` and `subscriptions import --graph` (the function behind
/// `subscriptions import --graph`): the store after, all or nothing, reported unknown SKUs, and
/// no password for imported users.
@Suite struct GraphImportCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ProvisioningTests/Fixtures/Graph").path

    static func fixture(_ name: String) -> String { fixtures + "/" + name }

    static let adele = "87d349ed-44d7-43e1-9a83-5f2406dee5bd"
    static let ids = [adele, "6e7b768e-07e2-4810-8459-485f84f8f204", "48d31887-5fad-4d73-a9f5-3c356e68a038",
                      "5bde3e51-d13b-4db1-9948-fe4b109d11a7"]

    @Test func usersImportCreatesTheUsersAsGraphSaysWithoutPasswords() throws {
        let workspace = try CLIWorkspace.sample()
        let result = workspace.run(["users", "import", "--graph", Self.fixture("users-page1.json"), Self.fixture("users-page2.json"),
                                    "--customer", "contoso"])
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.output.contains("imported 4 users of contoso from "))
        #expect(result.output.contains(": 4 new, 0 updated (0 restored), 0 unchanged; licenses 3 added, 0 removed; batch "))
        #expect(result.output.contains("new users have no password here and no credentials sheet"))
        #expect(result.errors.contains("users-page1.json: value[1].assignedLicenses[1].skuId: SKU "
                                       + "f30db892-07e9-47e9-837c-80727f46fd3d (held by 1 user) is not in the catalog"))
        #expect(result.errors.contains("value[1].assignedLicenses[0].disabledPlans[0]: service plan 00000000"))
        let store = try SQLiteDirectory(path: workspace.storePath)
        let users = try store.users(customerID: "contoso", objectIDs: Self.ids).sorted { $0.userPrincipalName.lowercased() < $1.userPrincipalName.lowercased() }
        #expect(users.map(\.userPrincipalName) == ["AdeleV@contoso.com", "AlexW@contoso.com", "chiahui.lin@contoso.com",
                                                   "MeganB@contoso.com"])
        #expect(users[0].licenses == [LicenseAssignment(partNumber: "SPE_E3", disabledPlans: ["SWAY"])])
        #expect(users[1].licenses.map(\.partNumber) == ["SPE_E3"])
        #expect(users[2].licenses.map(\.partNumber) == ["POWER_BI_PRO"] && users[2].attributes.department == "業務部")
        #expect(users[3].licenses.isEmpty && !users[3].attributes.accountEnabled && !users[3].mustChangePassword)
        // No password: nothing verifies, not even an empty one, and no sheet was written.
        #expect(try !store.verifyPassword(objectID: Self.adele, password: ""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.directory).filter { $0.contains("credentials") }.isEmpty)
        let created = try store.auditLog(customerID: "contoso").filter { $0.action == "create" && Self.ids.contains($0.objectID ?? "") }
        #expect(created.count == 4)
        #expect(created.allSatisfy { $0.detail.contains(#""source":"graph""#) && $0.detail.contains(#""passwordIssued":false"#) })
    }

    @Test func aDeletedUserGraphListsIsRestoredAndAnImportedUserCanGetAPasswordLater() throws {
        let workspace = try CLIWorkspace.sample()
        let pages = try String(contentsOfFile: Self.fixture("users-pages.json"), encoding: .utf8)
        #expect(workspace.run(["users", "import", "--graph", "-", "--customer", "contoso"], stdin: pages).code == .success)
        #expect(workspace.run(["users", "delete", "AdeleV@contoso.com", "--customer", "contoso"]).code == .success)
        let again = workspace.run(["users", "import", "--graph", "-", "--customer", "contoso"], stdin: pages)
        #expect(again.output.contains(": 0 new, 1 updated (1 restored), 3 unchanged;"), "\(again.output)")
        let store = try SQLiteDirectory(path: workspace.storePath)
        let adele = try #require(try store.users(customerID: "contoso", objectIDs: [Self.adele]).first)
        #expect(!adele.isDeleted && adele.licenses.map(\.partNumber) == ["SPE_E3"])
        let reset = workspace.run(["users", "reset-password", "AdeleV@contoso.com", "--customer", "contoso"])
        #expect(reset.code == .success, "\(reset.errors)")
        let line = try #require(reset.output.split(separator: "\n").first { $0.hasPrefix("Temporary password for") })
        let password = try #require(line.components(separatedBy: ": ").dropFirst().first?.components(separatedBy: "  ").first)
        #expect(try store.verifyPassword(objectID: Self.adele, password: password))
        #expect(try store.integrityProblems().isEmpty)
    }

    @Test func aSecondImportUpdatesAndRevokesToMatchAndAThirdChangesNothing() throws {
        let workspace = try CLIWorkspace.sample()
        #expect(workspace.run(["users", "import", "--graph", Self.fixture("users.json"), "--customer", "contoso"]).code == .success)
        // Adele has a new job title and lost E3; Megan got Power BI.
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("users-pages.json")))
        var pages = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        var first = try #require(pages[0]["value"] as? [[String: Any]])
        first[0]["jobTitle"] = "Store Manager"
        first[0]["assignedLicenses"] = [Any]()
        pages[0]["value"] = first
        var later = try #require(pages[1]["value"] as? [[String: Any]])
        later[0]["assignedLicenses"] = [["skuId": "f8a1db68-be16-40ed-86d5-cb42ce701560", "disabledPlans": [Any]()]]
        pages[1]["value"] = later
        let text = String(decoding: try JSONSerialization.data(withJSONObject: pages), as: UTF8.self)
        let changed = workspace.write("changed.json", text)
        let second = workspace.run(["users", "import", "--graph", changed, "--customer", "contoso", "--format", "json"])
        #expect(second.code == .success, "\(second.errors)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(second.output.utf8)) as? [String: Any])
        #expect(document["created"] as? Int == 0)
        #expect(document["updated"] as? Int == 2)
        #expect(document["unchanged"] as? Int == 2)
        #expect(document["licensesRemoved"] as? Int == 1 && document["licensesAdded"] as? Int == 1)
        #expect((document["unknownSkus"] as? [Any])?.count == 1)
        let store = try SQLiteDirectory(path: workspace.storePath)
        let adele = try #require(try store.users(customerID: "contoso", objectIDs: [Self.adele]).first)
        #expect(adele.licenses.isEmpty && adele.attributes.jobTitle == "Store Manager")
        let megan = try #require(try store.users(customerID: "contoso", objectIDs: [Self.ids[2]]).first)
        #expect(megan.licenses.map(\.partNumber) == ["POWER_BI_PRO"])
        let actions = try store.auditLog(customerID: "contoso").filter { $0.objectID == Self.adele }.map(\.action)
        #expect(actions == ["create", "update", "revoke"])
        let third = workspace.run(["users", "import", "--graph", changed, "--customer", "contoso"])
        #expect(third.output.contains(": 0 new, 0 updated (0 restored), 4 unchanged;"))
    }

    @Test func aRefusedImportWritesNothingAndNamesTheFileAndPath() throws {
        let workspace = try CLIWorkspace.sample()
        let counter = try SQLiteDirectory(path: workspace.storePath).changeCounter(customerID: "contoso")
        let missing = workspace.run(["users", "import", "--graph", Self.fixture("users-missing-upn.json"), "--customer", "contoso"])
        #expect(missing.code == .usageOrInput)
        #expect(missing.errors.contains("users-missing-upn.json: value[3].userPrincipalName: missing"))
        let dangling = workspace.run(["users", "import", "--graph", Self.fixture("users-page1.json"), "--customer", "contoso"])
        #expect(dangling.code == .usageOrInput)
        #expect(dangling.errors.contains("users-page1.json: @odata.nextLink: this page links to a next page"))
        // The second user takes a name a sample user holds: the first is not kept either.
        var text = try String(contentsOfFile: Self.fixture("users.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "AlexW@contoso.com", with: "yijun.chen@contoso.com")
        let taken = workspace.write("taken.json", text)
        let refused = workspace.run(["users", "import", "--graph", taken, "--customer", "contoso"])
        #expect(refused.code == .usageOrInput)
        #expect(refused.errors.contains("taken.json value[1]: user name 'yijun.chen@contoso.com' is held in the store by another user"))
        #expect(refused.errors.contains("nothing was imported"))
        let store = try SQLiteDirectory(path: workspace.storePath)
        #expect(try store.users(customerID: "contoso", objectIDs: Self.ids).isEmpty)
        #expect(try store.changeCounter(customerID: "contoso") == counter)
        // Another customer's domain, and a role that may not bulk-create users.
        let fabrikam = workspace.run(["users", "import", "--graph", Self.fixture("users.json"), "--customer", "fabrikam"])
        #expect(fabrikam.errors.contains("users.json: value[0].userPrincipalName: 'contoso.com' is not a domain of customer fabrikam"))
        let helpdesk = workspace.run(["users", "import", "--graph", Self.fixture("users.json"), "--customer", "contoso",
                                      "--as", "helpdesk-agent"])
        #expect(helpdesk.code == .usageOrInput)
        #expect(helpdesk.errors.hasPrefix("provision: error: PermissionDenied: role helpdesk-agent may not bulk-create users"), "\(helpdesk.errors)")
        #expect(try store.users(customerID: "contoso", objectIDs: Self.ids).isEmpty)
        // The same object ids under another customer: refused, naming the owner.
        #expect(workspace.run(["users", "import", "--graph", Self.fixture("users.json"), "--customer", "contoso"]).code == .success)
        let moved = try String(contentsOfFile: Self.fixture("users.json"), encoding: .utf8)
            .replacingOccurrences(of: "@contoso.com", with: "@fabrikam.de")
        let other = workspace.run(["users", "import", "--graph", workspace.write("moved.json", moved), "--customer", "fabrikam"])
        #expect(other.code == .usageOrInput)
        #expect(other.errors.contains("moved.json value[0]: object id \(Self.adele) ('AdeleV@fabrikam.de') belongs to customer "
                                      + "contoso in the store, not fabrikam; nothing was imported"), "\(other.errors)")
        #expect(try store.users(customerID: "fabrikam", objectIDs: Self.ids).isEmpty)
    }

    @Test func aRoleThatMayNotChangeSeatsCannotImportThemEither() throws {
        let workspace = try CLIWorkspace.sample()
        let before = try SQLiteDirectory(path: workspace.storePath).auditLog().count
        for role in ["user-management-admin", "helpdesk-agent", "sales-agent"] {
            let result = workspace.run(["subscriptions", "import", "--graph", Self.fixture("subscribedSkus.json"),
                                        "--customer", "contoso", "--as", role])
            #expect(result.code == .usageOrInput, "\(role)")
            #expect(result.errors.contains("role \(role) may not change the seats a customer has bought"), "\(result.errors)")
        }
        #expect(try SQLiteDirectory(path: workspace.storePath).auditLog().count == before, "nothing written")
    }

    @Test func subscribedSkusSetTheSeatsAndReportUnknownSkus() throws {
        let workspace = try CLIWorkspace.sample()
        let result = workspace.run(["subscriptions", "import", "--graph", Self.fixture("subscribedSkus.json"),
                                    "--customer", "fabrikam"])
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.output.contains("imported seats of 2 products for fabrikam from "))
        #expect(result.output.contains("  SPE_E3: 25 seats (was 10); 3 consumed in the tenant"))
        #expect(result.output.contains("  POWER_BI_PRO: 10 seats (was 5); 1 consumed in the tenant"))
        #expect(result.errors.contains("subscribedSkus.json: value[2].skuId: SKU FLOW_FREE (f30db892-07e9-47e9-837c-80727f46fd3d) "
                                       + "(10000 seats) is not in the catalog"))
        let store = try SQLiteDirectory(path: workspace.storePath)
        let seats = Dictionary(try store.seatUsage(customerID: "fabrikam").map { ($0.partNumber, $0.purchased) },
                               uniquingKeysWith: { a, _ in a })
        #expect(seats["SPE_E3"] == 25 && seats["POWER_BI_PRO"] == 10 && seats["SPE_E5"] == 2)
        let entries = try store.auditLog(customerID: "fabrikam").filter { $0.action == "seats-set" && $0.detail.contains("graph") }
        #expect(entries.map(\.detail) == [#"{"source":"graph","product":"SPE_E3","seats":25,"previousSeats":10}"#,
                                          #"{"source":"graph","product":"POWER_BI_PRO","seats":10,"previousSeats":5}"#])
        // Fewer seats than the store's users hold: taken as the tenant says, and shown.
        let fewer = try String(contentsOfFile: Self.fixture("subscribedSkus.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"enabled\": 25", with: "\"enabled\": 1")
        let cut = workspace.run(["subscriptions", "import", "--graph", workspace.write("fewer.json", fewer),
                                 "--customer", "contoso"])
        #expect(cut.output.contains("  SPE_E3: 1 seat (was 25); 3 consumed in the tenant, "), "\(cut.output)")
        #expect(cut.output.contains("assigned in the store (import the users to match)"))
        let users = workspace.run(["users", "import", "--graph", Self.fixture("users.json"), "--customer", "contoso"])
        #expect(users.output.contains("over-assigned: SPE_E3 "), "\(users.output)")
        #expect(users.output.contains(" assigned of 1 purchased (the tenant's seats come from GET /subscribedSkus"))
        // The users' response is not a subscribedSkus one: refused by name, nothing written.
        let wrong = workspace.run(["subscriptions", "import", "--graph", Self.fixture("users.json"), "--customer", "northwind"])
        #expect(wrong.code == .usageOrInput)
        #expect(wrong.errors.contains("users.json: @odata.context: this is a response of /users, not of /subscribedSkus"))
        let json = workspace.run(["subscriptions", "import", "--graph", Self.fixture("subscribedSkus.json"),
                                  "--customer", "fabrikam", "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let products = try #require(document["products"] as? [[String: Any]])
        #expect(products.map { $0["previousSeats"] as? Int } == [25, 10])
    }
}
