import CSV
import Foundation
import Testing
@testable import Provisioning

/// Microsoft's product and service plan CSV (``CatalogCSV``) and the licensing rules file
/// (``RulesCSV``): both real reference copies, the sample files, and every error with its place.
@Suite struct CatalogCSVTests {
    /// The package root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let referenceData = root + "/../shared/reference-data"
    static let hasReferenceData = FileManager.default.fileExists(atPath: referenceData + "/product-service-plans-2026.csv")

    static func catalog(_ text: String, name: String = "catalog.csv") throws -> CatalogFile {
        var reader = try CSVReader(bytes: Array(text.utf8), options: CSVReadOptions(fileName: name))
        return try CatalogCSV.read(&reader, fileName: name)
    }

    static func rules(_ text: String, name: String = "rules.csv") throws -> RulesFile {
        var reader = try CSVReader(bytes: Array(text.utf8), options: CSVReadOptions(fileName: name))
        return try RulesCSV.read(&reader, fileName: name)
    }

    static let header = "Product_Display_Name,String_Id,GUID,Service_Plan_Name,Service_Plan_Id,Service_Plans_Included_Friendly_Names\n"

    // Counts computed once with Python's csv module over the same files, applying the same
    // rules (values whitespace-collapsed, first GUID per part number wins, plans unique per
    // product by id): 2026 → 5457 rows, 568 products, 5447 plans, 1 skipped row (line 5257,
    // MCOPSTN5's second GUID); 2022 → 2457 rows, 295 products, 2455 plans, 2 skipped rows
    // (lines 1383 and 1384, MCOMEETADV_GOV under the GUID already given to MCOMEETADV_GOC).
    @Test(.enabled(if: hasReferenceData)) func reads2026ReferenceFileWithBOMAndCommas() throws {
        let path = Self.referenceData + "/product-service-plans-2026.csv"
        let file = try CatalogCSV.read(path: path, options: CSVReadOptions(fileName: "2026.csv"))
        #expect(file.records == 5457)
        #expect(file.products.count == 568)
        #expect(file.planCount == 5447)
        #expect(file.warnings.map(\.line) == [5257])
        #expect(file.warnings.first?.message.contains("MCOPSTN5") == true)
        let e3 = try #require(file.products.first { $0.partNumber == "SPE_E3" })
        #expect(e3.guid == "05e9a617-0261-4cee-bb44-138d3ef5d965")
        #expect(e3.displayName == "Microsoft 365 E3")
        #expect(e3.servicePlan(named: "TEAMS1") != nil)
        // A trailing no-break space in the source is cleaned away.
        #expect(file.products.contains { $0.partNumber == "MCOCAP_FACULTY" })
    }

    @Test(.enabled(if: hasReferenceData)) func reads2022SemicolonCp1252FileWithTheEncodingGiven() throws {
        let path = Self.referenceData + "/product-service-plans-2022-semicolon.csv"
        let file = try CatalogCSV.read(path: path, options: CSVReadOptions(encoding: try CSVEncoding(name: "cp1252"),
                                                                           fileName: "2022.csv"))
        #expect(file.records == 2457)
        #expect(file.products.count == 295)
        #expect(file.planCount == 2455)
        #expect(file.warnings.map(\.line) == [1383, 1384])
        // Values with trailing spaces in the file are trimmed.
        #expect(file.products.contains { $0.partNumber == "D365_SALES_PRO" })
    }

    @Test(.enabled(if: hasReferenceData)) func the2022FileWithoutItsEncodingIsRefusedWithAPosition() throws {
        let path = Self.referenceData + "/product-service-plans-2022-semicolon.csv"
        let error = #expect(throws: CSVError.self) {
            try CatalogCSV.read(path: path, options: CSVReadOptions(fileName: "2022.csv"))
        }
        #expect(error?.position.line ?? 0 > 1)
    }

    @Test func sampleCatalogHasTheThirteenSampleProducts() throws {
        let file = try CatalogCSV.read(path: Self.root + "/SampleData/catalog.csv",
                                       options: CSVReadOptions(fileName: "catalog.csv"))
        #expect(Set(file.products.map(\.partNumber)) == [
            "SPE_E3", "SPE_E5", "ENTERPRISEPACK", "SPB", "EXCHANGESTANDARD", "EXCHANGEENTERPRISE", "MCOEV",
            "MCOMEETADV", "MCOPSTN1", "AAD_PREMIUM", "AAD_PREMIUM_P2", "POWER_BI_PRO", "WORKPLACE_ANALYTICS"])
        #expect(file.warnings.isEmpty)
        let rules = try RulesCSV.read(path: Self.root + "/SampleData/licensing-rules.csv",
                                      options: CSVReadOptions(fileName: "licensing-rules.csv"))
        #expect(rules.rules.rules.count == 7)
        #expect(rules.unknownReferences(in: file.products).isEmpty)
    }

    @Test func rowsGroupIntoProductsAndDuplicatePlansAreKeptOnce() throws {
        let file = try Self.catalog(Self.header + """
            Office 365 E3,ENTERPRISEPACK,6FD2C87F-B296-42F0-B197-1E91E994B900,TEAMS1,57ff2da0-773e-42df-b2af-ffb7a2317929,Microsoft Teams
            Office 365 E3,ENTERPRISEPACK,6fd2c87f-b296-42f0-b197-1e91e994b900,TEAMS1,57ff2da0-773e-42df-b2af-ffb7a2317929,Microsoft Teams
            Office 365 E3,ENTERPRISEPACK,6fd2c87f-b296-42f0-b197-1e91e994b900,"Virtualization \tRights",e7c91390-7625-45be-94e0-e16907e03118,Rights
            Power BI Pro,POWER_BI_PRO ,f8a1db68-be16-40ed-86d5-cb42ce701560,BI_AZURE_P2,70d33638-9c74-4d01-bfd3-562de28bd4ba,Power BI Pro

            """)
        #expect(file.records == 4)
        #expect(file.products.map(\.partNumber) == ["ENTERPRISEPACK", "POWER_BI_PRO"])
        #expect(file.products[0].guid == "6fd2c87f-b296-42f0-b197-1e91e994b900")
        #expect(file.products[0].servicePlans.map(\.name) == ["TEAMS1", "Virtualization Rights"])
    }

    @Test func aSecondGUIDForAPartNumberIsSkippedWithAWarning() throws {
        let file = try Self.catalog(Self.header + """
            Calling,MCOPSTN5,54a152dc-90de-4996-93d2-bc47e670fc06,P1,11111111-1111-1111-1111-111111111111,One
            Calling 120,MCOPSTN5,d43177b5-475b-4880-92d4-d54c27b5efbd,P2,22222222-2222-2222-2222-222222222222,Two
            Other,OTHER,54A152DC-90DE-4996-93D2-BC47E670FC06,P3,33333333-3333-3333-3333-333333333333,Three

            """)
        #expect(file.products.map(\.partNumber) == ["MCOPSTN5"])
        #expect(file.products[0].servicePlans.count == 1)
        #expect(file.warnings.map { "\($0.line):\($0.column ?? 0)" } == ["3:3", "4:2"])
        #expect(file.warnings[1].description.contains("already belongs to part number MCOPSTN5 (line 2)"))
    }

    /// Bad values: each error names the file, line, column number and header.
    @Test(arguments: [
        ("E3,SPE_E3,not-a-guid,P,11111111-1111-1111-1111-111111111111,F", "catalog.csv:2:3: 'not-a-guid' is not a GUID (8-4-4-4-12 hexadecimal digits) (column GUID)"),
        ("E3,,05e9a617-0261-4cee-bb44-138d3ef5d965,P,11111111-1111-1111-1111-111111111111,F", "catalog.csv:2:2: a value is required (column String_Id)"),
        ("E3,SPE_E3,05e9a617-0261-4cee-bb44-138d3ef5d965,P,1111,F", "catalog.csv:2:5: '1111' is not a GUID (8-4-4-4-12 hexadecimal digits) (column Service_Plan_Id)"),
        ("E3,SPE_E3,05e9a617-0261-4cee-bb44-138d3ef5d965,P\u{1},11111111-1111-1111-1111-111111111111,F", "catalog.csv:2:4: the value contains a control character (column Service_Plan_Name)"),
    ])
    func badValuesNameFileLineAndColumn(row: String, message: String) throws {
        let error = #expect(throws: CatalogError.self) { try Self.catalog(Self.header + row + "\n") }
        #expect(error?.description == message)
    }

    @Test func aMissingColumnIsNamedWithTheHeaderFound() throws {
        let error = #expect(throws: CatalogError.self) {
            try Self.catalog("Product_Display_Name,String_Id,GUID\nE3,SPE_E3,05e9a617-0261-4cee-bb44-138d3ef5d965\n")
        }
        #expect(error?.line == 1)
        #expect(error?.message.hasPrefix("missing columns Service_Plan_Name, Service_Plan_Id, Service_Plans_Included_Friendly_Names") == true)
    }

    @Test func headersMatchIgnoringCaseSpacesAndPunctuation() throws {
        let file = try Self.catalog("product display name;STRING ID;guid;service plan name;Service-Plan-Id;service plans included friendly names\n"
            + "E3;SPE_E3;05e9a617-0261-4cee-bb44-138d3ef5d965;TEAMS1;57ff2da0-773e-42df-b2af-ffb7a2317929;Teams\n")
        #expect(file.products.map(\.partNumber) == ["SPE_E3"])
    }

    @Test func rulesOfEveryKindParseAndRoundTripThroughTheirRow() throws {
        let file = try Self.rules("""
            Kind,Subject,Object,Note
            requires,plan:MCOMEETADV,plan:MCOSTANDARD | plan:TEAMS1,needs Teams
            # a comment row,,,
            excludes,product:EXCHANGESTANDARD,product:EXCHANGEENTERPRISE,
            Not-Sold-In,product:MCOPSTN1,us|tw,calling

            """)
        #expect(file.lines == [2, 4, 5])
        #expect(file.rules.rules == [
            .requires(.plan("MCOMEETADV"), anyOf: [.plan("MCOSTANDARD"), .plan("TEAMS1")], note: "needs Teams"),
            .excludes(.product("EXCHANGESTANDARD"), .product("EXCHANGEENTERPRISE"), note: ""),
            .notSoldIn(product: "MCOPSTN1", locations: ["US", "TW"], note: "calling"),
        ])
        for rule in file.rules.rules {
            let row = rule.row
            #expect(try LicensingRule(kind: row.kind, subject: row.subject, object: row.object, note: row.note) == rule)
        }
    }

    @Test(arguments: [
        ("needs,plan:A,plan:B,", "rules.csv:2:1: 'needs' is not a rule kind (use requires, excludes, not-sold-in) (column Kind)"),
        ("requires,plan:,plan:B,", "rules.csv:2:2: 'plan:' is not product:PART_NUMBER or plan:SERVICE_PLAN_NAME (column Subject)"),
        ("requires,plan:A,plan:B||plan:C,", "rules.csv:2:3: 'plan:B||plan:C' has an empty item; separate items with '|' (column Object)"),
        ("excludes,plan:A,plan:A,", "rules.csv:2:3: plan:A cannot exclude itself (column Object)"),
        ("not-sold-in,plan:A,US,", "rules.csv:2:2: not-sold-in applies to a product:PART_NUMBER, not a plan (column Subject)"),
        ("not-sold-in,product:A,US|XX,", "rules.csv:2:3: 'XX' is not an ISO 3166-1 alpha-2 country code (column Object)"),
    ])
    func badRulesNameFileLineAndColumn(row: String, message: String) throws {
        let error = #expect(throws: CatalogError.self) { try Self.rules("Kind,Subject,Object,Note\n" + row + "\n") }
        #expect(error?.description == message)
    }

    @Test func rulesNamingProductsOrPlansOutsideTheCatalogAreReported() throws {
        let file = try Self.rules("Kind,Subject,Object,Note\nrequires,plan:TEAMS1,product:NOPE|plan:GHOST,\n")
        let products = [Product(partNumber: "SPE_E3", guid: "05e9a617-0261-4cee-bb44-138d3ef5d965", displayName: "E3",
                                servicePlans: [ServicePlan(name: "TEAMS1", id: "57ff2da0-773e-42df-b2af-ffb7a2317929",
                                                           friendlyName: "Teams")])]
        #expect(file.unknownReferences(in: products).map(\.description) == [
            "rules.csv:2:3: product NOPE is not in the catalog (column Object)",
            "rules.csv:2:3: service plan GHOST is in no product of the catalog (column Object)",
        ])
    }

    @Test func aRulesFileWithAnUnknownColumnIsRefused() throws {
        let error = #expect(throws: CatalogError.self) { try Self.rules("Kind,Subject,Object,Note,Extra\n") }
        #expect(error?.message.contains("unknown columns Extra") == true)
    }
}
