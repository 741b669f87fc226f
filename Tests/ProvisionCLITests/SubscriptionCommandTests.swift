import Foundation
import Testing
import Provisioning
import SQLiteDirectory
@testable import ProvisionCLI

/// `subscriptions list|set|import`, and a forced reduction shown over-assigned everywhere.
/// The sample's contoso has 25 seats of SPE_E3, 23 of them assigned.
@Suite struct SubscriptionCommandTests {
    static func seats(_ workspace: CLIWorkspace, _ customer: String = "contoso") throws -> [String: SeatUsage] {
        Dictionary(uniqueKeysWithValues: try SQLiteDirectory(path: workspace.storePath).seatUsage(customerID: customer)
            .map { ($0.partNumber, $0) })
    }

    @Test func listShowsPurchasedAssignedAvailableAndOverAssignedPerProduct() throws {
        let workspace = try CLIWorkspace.sample()
        let table = workspace.run(["subscriptions", "list", "--customer", "contoso"])
        #expect(table.code == .success, "\(table.errors)")
        #expect(table.output.hasPrefix("Subscriptions of Contoso Ltd. 康托索股份有限公司 (contoso)\n"
                + "PART NUMBER          PRODUCT                                   PURCHASED  ASSIGNED  AVAILABLE  OVER-ASSIGNED\n"))
        #expect(table.output.contains("SPE_E3               Microsoft 365 E3                                 25        23          2              0\n"))
        let json = try workspace.json(["subscriptions", "list", "--customer", "contoso", "--format", "json"])
        let e3 = LicensesShowCommandTests.product(json, "SPE_E3")
        #expect(e3?["purchased"] as? Int == 25 && e3?["assigned"] as? Int == 23 && e3?["overAssigned"] as? Int == 0)
        #expect(workspace.run(["subscriptions", "list", "--customer", "contoso", "--format", "csv"]).output
                .hasPrefix("\u{FEFF}Product,ProductName,Seats,Assigned,Available,OverAssigned\r\n"))
        #expect(workspace.run(["subscriptions", "list"]).errors == "provision: error: --customer ID is required\n")
    }

    @Test func setIsAPurchaseByPartNumberGUIDOrDisplayNameAndMakesPlansStale() throws {
        let workspace = try CLIWorkspace.sample()
        let store = try SQLiteDirectory(path: workspace.storePath)
        let counter = try store.changeCounter(customerID: "contoso")
        let bought = workspace.run(["subscriptions", "set", "--customer", "contoso", "--product", "microsoft 365 e3", "--seats", "75"])
        #expect(bought.output == "contoso: SPE_E3 seats 25 → 75 (bought 50 more); 23 assigned, 52 available\n", "\(bought.errors)")
        #expect(try Self.seats(workspace)["SPE_E3"]?.purchased == 75)
        #expect(try store.changeCounter(customerID: "contoso") == counter + 1)
        let entry = try #require(try store.auditLog(customerID: "contoso").last)
        #expect(entry.action == "seats-set" && entry.objectID == nil)
        #expect(entry.detail == #"{"product":"SPE_E3","seats":75,"previousSeats":25,"assigned":23}"#)
        let guid = workspace.run(["subscriptions", "set", "--customer", "contoso", "--product",
                                  "05E9A617-0261-4CEE-BB44-138D3EF5D965", "--seats", "75", "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(guid.output.utf8)) as? [String: Any]
        #expect(json?["before"] as? Int == 75 && json?["purchased"] as? Int == 75 && json?["available"] as? Int == 52)
        #expect(try store.changeCounter(customerID: "contoso") == counter + 1, "an unchanged number writes nothing")
        let new = workspace.run(["subscriptions", "set", "--customer", "fabrikam", "--product", "ENTERPRISEPACK", "--seats", "2"])
        #expect(new.output.hasPrefix("fabrikam: ENTERPRISEPACK seats 0 → 2 (bought 2 more)"), "\(new.errors)")
    }

    @Test func aPlanSavedBeforeTheSeatsChangedIsRefusedAsStale() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("one.csv", "UserPrincipalName,DisplayName,Licenses\nnew.person@contoso.com,New Person,SPE_E3\n")
        #expect(workspace.run(["plan", "one.csv", "--customer", "contoso", "--out", "plan.json"]).code == .success)
        #expect(workspace.run(["subscriptions", "set", "--customer", "contoso", "--product", "SPE_E3", "--seats", "30"]).code
                == .success)
        #expect(workspace.run(["apply", "plan.json"]).code == .staleOrLocked)
        #expect(workspace.run(["plan", "one.csv", "--customer", "contoso", "--out", "plan2.json"]).code == .success)
        #expect(workspace.run(["customers", "domains", "add", "contoso", "contoso.example"]).code == .success)
        #expect(workspace.run(["apply", "plan2.json"]).code == .staleOrLocked)
    }

    @Test func setRefusesAnUnknownProductWithADidYouMeanAndABadNumber() throws {
        let workspace = try CLIWorkspace.sample()
        let unknown = workspace.run(["subscriptions", "set", "--customer", "contoso", "--product", "SPE_E4", "--seats", "1"])
        #expect(unknown.code == .usageOrInput)
        #expect(unknown.errors.hasPrefix("provision: error: --product 'SPE_E4': "))
        #expect(unknown.errors.contains("SPE_E3"))
        for bad in ["-1", "ten", "1.5"] {
            #expect(workspace.run(["subscriptions", "set", "--customer", "contoso", "--product", "SPE_E3", "--seats", bad]).errors
                    == "provision: error: --seats '\(bad)': give a whole number of seats from 0\n")
        }
        #expect(workspace.run(["subscriptions", "set", "--customer", "nobody", "--product", "SPE_E3", "--seats", "1"]).errors
                .contains("unknown customer 'nobody'"))
        #expect(try Self.seats(workspace)["SPE_E3"]?.purchased == 25)
    }

    @Test func aReductionBelowTheAssignedSeatsIsRefusedSayingHowManyUsersHoldIt() throws {
        let workspace = try CLIWorkspace.sample()
        let store = try SQLiteDirectory(path: workspace.storePath)
        let counter = try store.changeCounter(customerID: "contoso")
        let refused = workspace.run(["subscriptions", "set", "--customer", "contoso", "--product", "SPE_E3", "--seats", "20"])
        #expect(refused.code == .usageOrInput)
        #expect(refused.errors == "provision: error: subscriptions set: --seats: cannot reduce Microsoft 365 E3 (SPE_E3) of "
                + "contoso from 25 to 20 seats: 23 users hold it; revoke it from 3 users first, or pass --force to leave "
                + "contoso over-assigned by 3\n")
        #expect(try Self.seats(workspace)["SPE_E3"]?.purchased == 25)
        #expect(try store.changeCounter(customerID: "contoso") == counter)
        let within = workspace.run(["subscriptions", "set", "--customer", "contoso", "--product", "SPE_E3", "--seats", "23"])
        #expect(within.output == "contoso: SPE_E3 seats 25 → 23 (reduced by 2); 23 assigned, 0 available\n", "\(within.errors)")
    }

    @Test func aForcedReductionLeavesTheCustomerVisiblyOverAssigned() throws {
        let workspace = try CLIWorkspace.sample()
        let forced = workspace.run(["subscriptions", "set", "--customer", "contoso", "--product", "SPE_E3", "--seats", "20", "--force"])
        #expect(forced.code == .success, "\(forced.errors)")
        #expect(forced.output == "contoso: SPE_E3 seats 25 → 20 (reduced by 5); 23 assigned, 0 available\n"
                + "contoso is over-assigned by 3 of SPE_E3: revoke it from 3 users or buy 3 more\n")
        let store = try SQLiteDirectory(path: workspace.storePath)
        #expect(try store.auditLog(customerID: "contoso").last?.detail
                == #"{"product":"SPE_E3","seats":20,"previousSeats":25,"assigned":23,"overAssigned":3}"#)
        // licenses show
        let show = workspace.run(["licenses", "show", "--customer", "contoso"]).output
        #expect(show.contains("Microsoft 365 E3                          SPE_E3                      20        23          0  "
                              + "over-assigned by 3: buy more or revoke\n"), "\(show)")
        let list = try workspace.json(["subscriptions", "list", "--customer", "contoso", "--format", "json"])
        #expect(LicensesShowCommandTests.product(list, "SPE_E3")?["overAssigned"] as? Int == 3)
        // every report's seat table: a plan that touches contoso, in text, JSON and HTML
        workspace.write("one.csv", "UserPrincipalName,DisplayName\nnew.person@contoso.com,New Person\n")
        let plan = workspace.run(["plan", "one.csv", "--customer", "contoso", "--report", "seats.txt", "--report", "seats.json",
                                  "--report", "seats.html"])
        #expect(plan.code == .success, "\(plan.errors)")
        let text = try String(contentsOfFile: workspace.directory + "/seats.txt", encoding: .utf8)
        let e3 = try #require(text.split(separator: "\n").first { $0.contains("(SPE_E3)") })
        #expect(e3.hasSuffix("20      23 →     23      0  over-assigned by 3"), "\(e3)")
        #expect(plan.output.contains("over-assigned by 3"))
        let html = try String(contentsOfFile: workspace.directory + "/seats.html", encoding: .utf8)
        #expect(html.contains("<span class=\"buy\">over-assigned by 3</span>"))
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: workspace.directory + "/seats.json")))
        let products = ((report as? [String: Any])?["summary"] as? [String: Any])?["products"] as? [[String: Any]]
        #expect(products?.first { $0["partNumber"] as? String == "SPE_E3" }?["overAssigned"] as? Int == 3)
    }

    @Test func aHelpdeskOrSalesAgentMayNotChangeSeats() throws {
        let workspace = try CLIWorkspace.sample()
        for role in ["helpdesk-agent", "sales-agent"] {
            let result = workspace.run(["subscriptions", "set", "--customer", "contoso", "--product", "SPE_E3", "--seats", "30",
                                        "--as", role])
            #expect(result.errors == "provision: error: role \(role) may not change the seats a customer has bought; "
                    + "run as one of: admin-agent, global-admin (--as ROLE)\n")
        }
        #expect(try Self.seats(workspace)["SPE_E3"]?.purchased == 25)
    }

    @Test func importSetsEverySubscriptionOfTheFileInOneBatch() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("seats.csv", """
            Customer,Product,Seats
            contoso,Microsoft 365 E3,30
            fabrikam,spe_e5,4

            """)
        let result = workspace.run(["subscriptions", "import", "seats.csv"])
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.output.hasPrefix("imported seats.csv: 2 subscriptions, 2 changed\n"
                                        + "contoso: SPE_E3 seats 25 → 30 (bought 5 more)"))
        #expect(try Self.seats(workspace)["SPE_E3"]?.purchased == 30)
        #expect(try Self.seats(workspace, "fabrikam")["SPE_E5"]?.purchased == 4)
        let audit = try SQLiteDirectory(path: workspace.storePath).auditLog().filter { $0.action == "seats-set" }.suffix(2)
        #expect(Set(audit.map(\.batchID)).count == 1)
    }

    @Test(arguments: [
        ("contoso,SPE_E4,5", "bad.csv:3:2: "),
        ("contoso,SPE_E5,ten", "bad.csv:3:3: 'ten' is not a number of seats"),
        ("nobody,SPE_E5,5", "bad.csv:3:1: unknown customer 'nobody'"),
        ("contoso,SPE_E3,20", "bad.csv:3:3: cannot reduce Microsoft 365 E3 (SPE_E3) of contoso from 25 to 20 seats: 23 users hold it"),
        ("contoso,SPE_E5,-1", "bad.csv:3:3: seats of SPE_E5 for contoso must be 0 or more, not -1"),
    ])
    func importIsAllOrNothingNamingTheLineAndColumnOfABadRow(row: String, error: String) throws {
        let workspace = try CLIWorkspace.sample()
        let counter = try SQLiteDirectory(path: workspace.storePath).changeCounter(customerID: "fabrikam")
        workspace.write("bad.csv", "Customer,Product,Seats\nfabrikam,SPE_E3,40\n\(row)\n")
        let result = workspace.run(["subscriptions", "import", "bad.csv"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors.hasPrefix("provision: error: \(error)"), "\(result.errors)")
        #expect(try Self.seats(workspace, "fabrikam")["SPE_E3"]?.purchased != 40)
        #expect(try SQLiteDirectory(path: workspace.storePath).changeCounter(customerID: "fabrikam") == counter)
    }

    @Test func importWithForceTakesAReductionBelowTheAssignedSeats() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("cut.csv", "Customer,Product,Seats\ncontoso,SPE_E3,20\n")
        let result = workspace.run(["subscriptions", "import", "cut.csv", "--force", "--format", "json"])
        #expect(result.code == .success, "\(result.errors)")
        let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect((json?["subscriptions"] as? [[String: Any]])?.first?["overAssigned"] as? Int == 3)
    }
}
