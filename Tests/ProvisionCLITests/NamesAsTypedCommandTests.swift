import Foundation
import Testing
@testable import ProvisionCLI

/// Country names, customer ids and product names as people type them, through the command line.
@Suite("Names as typed")
struct NamesAsTypedCommandTests {
    /// The users of `customer` at `location` (any spelling `--filter location=` takes).
    private func users(_ workspace: CLIWorkspace, _ customer: String, at location: String) throws -> [String] {
        let page = try #require(try workspace.json(["users", "list", "--customer", customer, "--filter",
                                                    "location=\(location)", "--format", "json"]) as? [String: Any])
        return (page["users"] as? [[String: Any]] ?? []).compactMap { $0["userPrincipalName"] as? String }
    }

    @Test(arguments: [("Deutschland", "DE"), ("Österreich", "AT"), ("台灣", "TW"), ("ドイツ", "DE"), ("독일", "DE"),
                      ("UK", "GB"), ("at", "AT")])
    func usersCreateTakesACountryNameAsLocation(name: String, code: String) throws {
        let workspace = try CLIWorkspace.sample()
        let result = workspace.run(["users", "create", "new.person@contoso.com", "--customer", "contoso",
                                    "--display-name", "New Person", "--location", name, "--quiet"])
        #expect(result.code == .success, "\(result.errors)")
        #expect(try users(workspace, "contoso", at: code).contains("new.person@contoso.com"))
        #expect(try users(workspace, "contoso", at: name).contains("new.person@contoso.com"))
    }

    @Test func anUnknownLocationIsAUsageErrorWithTheClosestName() throws {
        let workspace = try CLIWorkspace.sample()
        let result = workspace.run(["users", "create", "new.person@contoso.com", "--customer", "contoso",
                                    "--display-name", "New Person", "--location", "Deutschlnd"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors.hasPrefix("provision: error: --location 'Deutschlnd': not an ISO 3166-1 alpha-2 country code or a country name; did you mean Deutschland (Germany)"), "\(result.errors)")
        let filter = workspace.run(["users", "list", "--customer", "contoso", "--filter", "location=Atlantis"])
        #expect(filter.code == .usageOrInput)
        #expect(filter.errors.contains("--filter location 'Atlantis'"))
    }

    @Test func aFileJobsLocationOptionTakesACountryNameInAnyLanguage() throws {
        let workspace = try CLIWorkspace.sample()
        let file = workspace.write("hires.csv", "UserPrincipalName,DisplayName\nanna.huber@contoso.com,Anna Huber\n")
        let result = workspace.run(["apply", file, "--customer", "contoso", "--location", "Österreich", "--quiet"])
        #expect(result.code == .success, "\(result.errors)")
        #expect(try users(workspace, "contoso", at: "AT") == ["anna.huber@contoso.com"])
        let typo = workspace.run(["plan", file, "--customer", "contoso", "--location", "台灣省", "--out", "plan.json"])
        #expect(typo.code == .usageOrInput)
        #expect(typo.errors.contains("did you mean 台湾 (Taiwan)"), "\(typo.errors)")
        #expect(!typo.errors.contains("United Kingdom"))
    }

    @Test func aCountryOrRegionCellInAnotherLanguageIsTheCode() throws {
        let workspace = try CLIWorkspace.sample()
        let file = workspace.write("hires.csv", "UserPrincipalName,DisplayName,UsageLocation\n"
            + "lin@contoso.com,Lin,臺灣\nwang@contoso.com,Wang,台湾\nmeier@contoso.com,Meier,OESTERREICH\n")
        let result = workspace.run(["apply", file, "--customer", "contoso", "--quiet"])
        #expect(result.code == .success, "\(result.errors)")
        #expect(Set(try users(workspace, "contoso", at: "TW")).isSuperset(of: ["lin@contoso.com", "wang@contoso.com"]))
        #expect(try users(workspace, "contoso", at: "AT") == ["meier@contoso.com"])
    }

    @Test func aCustomerOptionInAnotherCaseFindsTheCustomer() throws {
        let workspace = try CLIWorkspace.sample()
        let listed = workspace.run(["users", "list", "--customer", "CONTOSO"])
        #expect(listed.code == .success, "\(listed.errors)")
        let file = workspace.write("hires.csv", "UserPrincipalName,DisplayName\nanna.huber@contoso.com,Anna Huber\n")
        let applied = workspace.run(["apply", file, "--customer", "Contoso", "--location", "AT", "--quiet"])
        #expect(applied.code == .success, "\(applied.errors)")
        #expect(try users(workspace, "contoso", at: "AT") == ["anna.huber@contoso.com"])
        let misspelled = workspace.run(["users", "list", "--customer", "contso"])
        #expect(misspelled.code == .usageOrInput)
        #expect(misspelled.errors.contains("unknown customer 'contso'; did you mean contoso?"), "\(misspelled.errors)")
        let planned = workspace.run(["plan", file, "--customer", "contso", "--out", "plan.json"])
        #expect(planned.code == .usageOrInput)
        #expect(planned.errors.contains("did you mean contoso?"), "\(planned.errors)")
    }

    @Test func aCustomerColumnInAnotherCaseIsTheCustomer() throws {
        let workspace = try CLIWorkspace.sample()
        let file = workspace.write("hires.csv", "Customer,UserPrincipalName,DisplayName,UsageLocation\n"
            + "CONTOSO,anna.huber@contoso.com,Anna Huber,AT\ncontso,eva.berger@contoso.com,Eva Berger,AT\n")
        let result = workspace.run(["apply", file, "--quiet"])
        #expect(try users(workspace, "contoso", at: "AT") == ["anna.huber@contoso.com"])
        #expect(result.output.contains("did you mean contoso?"), "\(result.output)")
    }

    @Test func productsByDisplayNameInOtherSpacingAndTyposOfThem() throws {
        let workspace = try CLIWorkspace.sample()
        let spaced = workspace.run(["users", "list", "--customer", "contoso", "--filter", "product=microsoft  365-e3"])
        #expect(spaced.code == .success, "\(spaced.errors)")
        let typo = workspace.run(["users", "list", "--customer", "contoso", "--filter", "product=Microsoft 365 E55"])
        #expect(typo.code == .usageOrInput)
        #expect(typo.errors.contains("did you mean Microsoft 365 E5 (SPE_E5)"), "\(typo.errors)")
        let braced = workspace.run(["users", "list", "--customer", "contoso", "--filter",
                                    "product={05E9A617-0261-4CEE-BB44-138D3EF5D965}"])
        #expect(braced.code == .success, "\(braced.errors)")
    }
}
