import Foundation
import Testing
import Provisioning
import SQLiteDirectory
@testable import ProvisionCLI

/// `--product` and `--filter product=…` name a product the way input files' `Licenses` cells
/// do (part number, GUID or display name, case-insensitive); an unknown one is one usage
/// error before anything is selected, planned or written.
@Suite struct ProductSelectionTests {
    static let e3GUID = "05e9a617-0261-4cee-bb44-138d3ef5d965"

    @Test(arguments: ["assign", "revoke"])
    func anUnknownProductIsOneUsageErrorUpFrontWritingNothing(_ verb: String) throws {
        let workspace = try CLIWorkspace.sample()
        let counter = try SQLiteDirectory(path: workspace.storePath).changeCounter(customerID: "contoso")
        let result = workspace.run(["licenses", verb, "--customer", "contoso", "--product", "SPE_E55",
                                    "--filter", "licensed", "--report", "changes.json", "--report", "changes.html"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors == "provision: error: --product 'SPE_E55': unknown product 'SPE_E55'; did you mean SPE_E5 or SPE_E3?\n")
        #expect(result.output.isEmpty, "no outcome per selected user")
        #expect(!FileManager.default.fileExists(atPath: workspace.directory + "/changes.json"))
        #expect(!FileManager.default.fileExists(atPath: workspace.directory + "/changes.html"))
        #expect(try SQLiteDirectory(path: workspace.storePath).changeCounter(customerID: "contoso") == counter)
    }

    @Test func assignAndRevokeTakeADisplayNameOrAGUID() throws {
        let workspace = try CLIWorkspace.sample()
        let user = "store01@contoso.com"
        let assigned = workspace.run(["licenses", "assign", "--customer", "contoso", "--product", "power bi PRO",
                                      "--users", user])
        #expect(assigned.code == .success, "\(assigned.errors)")
        func holdsPowerBI() throws -> Bool {
            try SQLiteDirectory(path: workspace.storePath).users(customerID: "contoso", principalNames: [user])
                .first?.licenses.contains { $0.partNumber == "POWER_BI_PRO" } ?? false
        }
        #expect(try holdsPowerBI())
        let revoked = workspace.run(["licenses", "revoke", "--customer", "contoso", "--product",
                                     "F8A1DB68-BE16-40ED-86D5-CB42CE701560",
                                     "--users", user])
        #expect(revoked.code == .success, "\(revoked.errors)")
        #expect(try !holdsPowerBI())
    }

    @Test func filterProductTakesPartNumberGUIDOrDisplayName() throws {
        let workspace = try CLIWorkspace.sample()
        func names(_ product: String) throws -> [String] {
            let document = try #require(try workspace.json(["users", "list", "--customer", "contoso", "--filter",
                                                            "product=\(product)", "--format", "json"]) as? [String: Any])
            return (document["users"] as? [[String: Any]] ?? []).compactMap { $0["userPrincipalName"] as? String }
        }
        let byPartNumber = try names("SPE_E3")
        #expect(!byPartNumber.isEmpty)
        #expect(try names("spe_e3") == byPartNumber)
        #expect(try names(Self.e3GUID) == byPartNumber)
        #expect(try names("Microsoft 365 E3") == byPartNumber)
        #expect(try names("MICROSOFT 365 e3") == byPartNumber)
        let shown = try #require(try workspace.json(["licenses", "show", "--customer", "contoso", "--filter",
                                                     "product=Microsoft 365 E3", "--format", "json"]) as? [String: Any])
        #expect(shown["selectedUsers"] as? Int == byPartNumber.count)
    }

    @Test(arguments: [["users", "list"], ["licenses", "show"], ["licenses", "assign", "--product", "SPE_E5"]])
    func anUnknownProductInAFilterIsAUsageErrorNotAnEmptyList(_ command: [String]) throws {
        let workspace = try CLIWorkspace.sample()
        let result = workspace.run(command + ["--customer", "contoso", "--filter", "product=Microsoft 365 E55"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors.hasPrefix("provision: error: --filter product 'Microsoft 365 E55': unknown product 'Microsoft 365 E55'"))
        #expect(result.output.isEmpty)
        let misspelled = workspace.run(command + ["--customer", "contoso", "--filter", "product=SPE_E4"])
        #expect(misspelled.errors.contains("did you mean SPE_E3 or SPE_E5?"))
    }
}
