import Foundation
import Testing
@testable import Provisioning

/// Microsoft Graph responses (``GraphUsers``, ``GraphSubscribedSkus``, ``GraphPages``) read from
/// fixtures written to Graph's documented shapes (Fixtures/Graph): one page, several pages as
/// files or as one array, unknown SKUs reported, and errors that name the file and JSON path.
@Suite struct GraphImportTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Fixtures/Graph/"
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let contoso = Customer(id: "contoso", name: "Contoso", domains: ["contoso.com"], defaultUsageLocation: "TW")
    static let catalog: [Product] = [
        Product(partNumber: "SPE_E3", guid: "05E9A617-0261-4CEE-BB44-138D3EF5D965", displayName: "Microsoft 365 E3",
                servicePlans: [ServicePlan(name: "SWAY", id: "a23b959c-7ce8-4e57-9140-b90eb88a9e97", friendlyName: "Sway"),
                               ServicePlan(name: "EXCHANGE_S_ENTERPRISE", id: "efb87545-963c-4e0d-99df-69c6916d9eb0",
                                           friendlyName: "Exchange Online (Plan 2)")]),
        Product(partNumber: "POWER_BI_PRO", guid: "f8a1db68-be16-40ed-86d5-cb42ce701560", displayName: "Power BI Pro",
                servicePlans: []),
    ]

    static func file(_ name: String) throws -> GraphFile { try GraphFile(path: folder + name, name: name) }

    static func users(_ names: [String]) throws -> GraphUsers {
        try GraphUsers.read(try names.map(file), customer: contoso, catalog: catalog, now: now)
    }

    static func inline(_ name: String, _ text: String) -> GraphFile { GraphFile(name: name, data: Data(text.utf8)) }

    /// The error a call throws, as text.
    static func failure(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch { return "\(error)" }
    }

    @Test func onePageBecomesUsersWithGraphIdsAndCatalogLicenses() throws {
        let result = try Self.users(["users.json"])
        #expect(result.entries.map(\.user.userPrincipalName)
                == ["AdeleV@contoso.com", "AlexW@contoso.com", "MeganB@contoso.com", "chiahui.lin@contoso.com"])
        let adele = result.entries[0].user
        #expect(adele.objectID == "87d349ed-44d7-43e1-9a83-5f2406dee5bd")
        #expect(adele.licenses == [LicenseAssignment(partNumber: "SPE_E3", disabledPlans: ["SWAY"])])
        #expect(adele.attributes.jobTitle == "Retail Manager" && adele.attributes.usageLocation == "TW")
        #expect(!adele.mustChangePassword && adele.roles.isEmpty && adele.createdAt == Self.now)
        let megan = result.entries[2].user
        #expect(megan.licenses.isEmpty && !megan.attributes.accountEnabled && megan.attributes.jobTitle == nil)
        #expect(result.entries[3].user.attributes.displayName == "林佳慧")
        #expect(result.entries[1].source == "users.json value[1]")
    }

    @Test func unknownSkuIsReportedWithItsPlaceAndTheUserKeepsTheKnownOnes() throws {
        let result = try Self.users(["users.json"])
        #expect(result.unknown.count == 1)
        let unknown = try #require(result.unknown.first)
        #expect(unknown.skuID == "f30db892-07e9-47e9-837c-80727f46fd3d" && unknown.count == 1)
        #expect(unknown.description.hasPrefix("users.json: value[1].assignedLicenses[1].skuId: SKU f30db892"))
        #expect(unknown.description.contains("not in the catalog"))
        #expect(result.entries[1].user.licenses.map(\.partNumber) == ["SPE_E3"])
        // A disabled plan the product does not have, and the guest, are warnings with their path.
        let warnings = result.warnings.map(\.description)
        #expect(warnings.contains { $0.hasPrefix("users.json: value[3].assignedLicenses[0].disabledPlans[0]: service plan 00000000") })
        #expect(warnings.contains { $0.hasPrefix("users.json: value[4].userPrincipalName: guest account left out") })
    }

    @Test func pagesAsFilesAndAsOneArrayGiveTheSameUsersAsOnePage() throws {
        let one = try Self.users(["users.json"]).entries.map(\.user)
        let files = try Self.users(["users-page1.json", "users-page2.json"])
        let array = try Self.users(["users-pages.json"])
        #expect(files.entries.map(\.user) == one)
        #expect(array.entries.map(\.user) == one)
        #expect(files.entries[2].source == "users-page2.json value[0]")
        #expect(array.entries[2].source == "users-pages.json [1].value[0]")
    }

    @Test func aPageWithANextLinkAndNoNextFileIsAnErrorNamingTheFile() throws {
        let text = Self.failure { _ = try Self.users(["users-page1.json"]) }
        #expect(text.hasPrefix("users-page1.json: @odata.nextLink: this page links to a next page, but no later page was given"))
        let reversed = Self.failure { _ = try Self.users(["users-page2.json", "users-page1.json"]) }
        #expect(reversed.hasPrefix("users-page2.json: this is a last page (no @odata.nextLink), but users-page1.json follows it"))
        let twice = Self.failure { _ = try Self.users(["users-page1.json", "users-page1.json", "users-page2.json"]) }
        #expect(twice.contains("users-page1.json: @odata.nextLink: the same next link as users-page1.json"))
    }

    @Test func malformedFilesNameTheFileAndTheJSONPath() throws {
        #expect(Self.failure { _ = try Self.users(["users-missing-upn.json"]) }
                .hasPrefix("users-missing-upn.json: value[3].userPrincipalName: missing"))
        #expect(Self.failure { _ = try Self.users(["users-bad-syntax.json"]) }
                .hasPrefix("users-bad-syntax.json: 4:51: not valid JSON"))
        let mistyped = Self.inline("typed.json", #"{"value": [{"id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd", "userPrincipalName": "a@contoso.com", "displayName": "A", "accountEnabled": "yes", "assignedLicenses": []}]}"#)
        #expect(Self.failure { _ = try GraphUsers.read([mistyped], customer: Self.contoso, catalog: Self.catalog, now: Self.now) }
                == "typed.json: value[0].accountEnabled: expected true or false")
        let inArray = Self.inline("pages.json", #"[{"value": []}, {"valu": []}]"#)
        #expect(Self.failure { _ = try GraphUsers.read([inArray], customer: Self.contoso, catalog: Self.catalog, now: Self.now) }
                .hasPrefix("pages.json: [1].value: missing"))
        let skus = try Self.file("subscribedSkus.json")
        #expect(Self.failure { _ = try GraphUsers.read([skus], customer: Self.contoso, catalog: Self.catalog, now: Self.now) }
                .hasPrefix("subscribedSkus.json: @odata.context: this is a response of /subscribedSkus, not of /users"))
        let failed = Self.inline("error.json", #"{"error": {"code": "Authorization_RequestDenied", "message": "Insufficient privileges"}}"#)
        #expect(Self.failure { _ = try GraphUsers.read([failed], customer: Self.contoso, catalog: Self.catalog, now: Self.now) }
                .contains("error.json: error: the file is a Graph error response, not a page (Authorization_RequestDenied"))
    }

    @Test func valuesThatBreakRulesAreAllNamedAtOnce() throws {
        let text = #"""
        {"value": [
          {"id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd", "userPrincipalName": "a@fabrikam.de", "displayName": "A",
           "usageLocation": "XX", "accountEnabled": true, "assignedLicenses": [{"skuId": "not-a-guid", "disabledPlans": []}]},
          {"id": "87D349ED-44D7-43E1-9A83-5F2406DEE5BD", "userPrincipalName": "b@contoso.com", "displayName": " ",
           "accountEnabled": true, "assignedLicenses": []}
        ]}
        """#
        let message = Self.failure { _ = try GraphUsers.read([Self.inline("u.json", text)], customer: Self.contoso,
                                                             catalog: Self.catalog, now: Self.now) }
        let lines = message.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("u.json: value[0].userPrincipalName: 'fabrikam.de' is not a domain of customer contoso") })
        #expect(lines.contains { $0.hasPrefix("u.json: value[0].usageLocation:") })
        #expect(lines.contains { $0 == "u.json: value[0].assignedLicenses[0].skuId: 'not-a-guid' is not a GUID" })
        #expect(lines.contains { $0.hasPrefix("u.json: value[1].id: 87d349ed-44d7-43e1-9a83-5f2406dee5bd is given twice (first at u.json value[0])") })
        #expect(lines.contains { $0.hasPrefix("u.json: value[1].displayName:") })
    }

    @Test func subscribedSkusBecomeSeatsMatchedBySkuIdWithUnknownOnesReported() throws {
        let result = try GraphSubscribedSkus.read([try Self.file("subscribedSkus.json")], catalog: Self.catalog)
        #expect(result.seats.map(\.partNumber) == ["SPE_E3", "POWER_BI_PRO"])
        #expect(result.seats.map(\.seats) == [25, 10])
        #expect(result.seats.map(\.consumed) == [3, 1])
        #expect(result.unknown.map(\.partNumber) == ["FLOW_FREE"])
        #expect(result.unknown.first?.description
                == "subscribedSkus.json: value[2].skuId: SKU FLOW_FREE (f30db892-07e9-47e9-837c-80727f46fd3d) (10000 seats) "
                    + "is not in the catalog; not imported; import a newer catalog to include it")
        #expect(result.warnings.isEmpty)
    }

    @Test func aPartNumberThatDiffersFromTheCatalogsIsAWarningAndTheGUIDWins() throws {
        let text = #"""
        {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscribedSkus", "value": [
          {"skuId": "05e9a617-0261-4cee-bb44-138d3ef5d965", "skuPartNumber": "M365_E3", "consumedUnits": 0,
           "prepaidUnits": {"enabled": 5, "suspended": 0, "warning": 0, "lockedOut": 0}},
          {"skuId": "11111111-2222-3333-4444-555555555555", "skuPartNumber": "power_bi_pro", "consumedUnits": 0,
           "prepaidUnits": {"enabled": 1, "suspended": 0, "warning": 0, "lockedOut": 0}}
        ]}
        """#
        let result = try GraphSubscribedSkus.read([Self.inline("skus.json", text)], catalog: Self.catalog)
        #expect(result.seats.map(\.partNumber) == ["SPE_E3"])
        #expect(result.warnings.first?.description.hasPrefix("skus.json: value[0].skuPartNumber: Graph calls SKU") == true)
        #expect(result.unknown.first?.catalogPartNumberHint == "POWER_BI_PRO (f8a1db68-be16-40ed-86d5-cb42ce701560)")
        let missing = #"{"value": [{"skuId": "05e9a617-0261-4cee-bb44-138d3ef5d965", "skuPartNumber": "SPE_E3", "consumedUnits": 1, "prepaidUnits": {}}]}"#
        #expect(Self.failure { _ = try GraphSubscribedSkus.read([Self.inline("s.json", missing)], catalog: Self.catalog) }
                == "s.json: value[0].prepaidUnits.enabled: missing")
    }
}
