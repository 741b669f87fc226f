import CSV
import Testing
@testable import Provisioning

/// One fixture file per template, each read to known requests with their source lines.
@Suite("Intake fixtures")
struct IntakeFixtureTests {
    typealias Support = IntakeTestSupport

    @Test func nativeFileGivesEveryActionWithLicensesPlansAndRoles() throws {
        let (reader, requests) = try Support.read(fixture: "native.csv")
        let file = "native.csv"
        #expect(reader.detectedFormat == .native)
        #expect(reader.unusedColumns.isEmpty)
        #expect(reader.blankRowCount == 1)
        #expect(requests == [
            UserRequest(customerID: "contoso", action: .create, userPrincipalName: "ada@contoso.com",
                        attributes: AttributePatch(displayName: "Ada Lovelace", firstName: "Ada", lastName: "Lovelace",
                                                   jobTitle: "Engineer", department: "R&D", usageLocation: "GB"),
                        addLicenses: [LicenseRequest(product: "SPE_E3", disabledPlans: ["TEAMS1", "YAMMER_ENTERPRISE"]),
                                      LicenseRequest(product: "EMS")],
                        sources: Support.at(file, 2)),
            UserRequest(customerID: "contoso", action: .upsert, userPrincipalName: "lin@contoso.com",
                        attributes: AttributePatch(displayName: "林美玲", firstName: "美玲", lastName: "林",
                                                   jobTitle: "Head of Sales, APAC", department: "Sales",
                                                   usageLocation: "TW",
                                                   roles: ["User Administrator", "Helpdesk Administrator"]),
                        addLicenses: [LicenseRequest(product: "Microsoft 365 E3"),
                                      LicenseRequest(product: "Windows 365 Business 16 vCPU, 64 GB, 1 TB")],
                        sources: Support.at(file, 3)),
            UserRequest(customerID: "contoso", action: .update, userPrincipalName: "grace@contoso.com",
                        removeLicenses: ["SPE_E3"], sources: Support.at(file, 5)),
            UserRequest(customerID: "contoso", action: .delete, userPrincipalName: "old@contoso.com",
                        sources: Support.at(file, 6)),
            UserRequest(customerID: "contoso", action: .restore, userPrincipalName: "back@contoso.com",
                        sources: Support.at(file, 8)),
            UserRequest(customerID: "contoso", action: .resetPassword, userPrincipalName: "reset@contoso.com",
                        sources: Support.at(file, 9)),
        ])
    }

    @Test func customerColumnNamesEachRowsCustomerAndFallsBackToTheOption() throws {
        let (_, requests) = try Support.read(fixture: "native-customers.csv",
                                             options: IntakeOptions(defaultCustomerID: "tailspin"))
        let file = "native-customers.csv"
        #expect(requests == [
            UserRequest(customerID: "contoso", action: .upsert, userPrincipalName: "ada@contoso.com",
                        attributes: AttributePatch(displayName: "Ada Lovelace", usageLocation: "GB"),
                        addLicenses: [LicenseRequest(product: "SPE_E3")], sources: Support.at(file, 2)),
            UserRequest(customerID: "fabrikam", action: .upsert, userPrincipalName: "ben@fabrikam.com",
                        attributes: AttributePatch(displayName: "Ben Andrews", usageLocation: "US"),
                        addLicenses: [LicenseRequest(product: "SPE_E5")], sources: Support.at(file, 3)),
            UserRequest(customerID: "tailspin", action: .upsert, userPrincipalName: "cy@contoso.com",
                        attributes: AttributePatch(displayName: "Cy Young", usageLocation: "US"),
                        sources: Support.at(file, 4)),
        ])
    }

    @Test func customerColumnMakesTheOptionOptionalButAnEmptyCellThenIsARowProblem() throws {
        let (_, requests) = try Support.read(fixture: "native-customers.csv", options: IntakeOptions())
        #expect(requests.map(\.customerID) == ["contoso", "fabrikam", nil])
        #expect(requests[0].problems.isEmpty && requests[1].problems.isEmpty)
        let problem = try #require(requests[2].problems.first)
        #expect(problem.code == .invalidInput)
        #expect(problem.field == "Customer" && problem.line == 4 && problem.column == 1)
    }

    @Test func partnerCenterTemplateCreatesUsersAtTheGivenLocation() throws {
        let (reader, requests) = try Support.read(
            fixture: "partner-center.csv", options: IntakeOptions(defaultCustomerID: "contoso", location: "Taiwan"))
        let file = "partner-center.csv"
        #expect(reader.detectedFormat == .partnerCenter)
        #expect(reader.unusedColumns == [UnusedColumn(header: "Status update", column: 5)])
        #expect(requests == [
            UserRequest(customerID: "contoso", action: .create, userPrincipalName: "alain@contoso.com",
                        attributes: AttributePatch(displayName: "Alain Charon", firstName: "Alain", lastName: "Charon",
                                                   usageLocation: "TW"),
                        sources: Support.at(file, 2)),
            UserRequest(customerID: "contoso", action: .create, userPrincipalName: "isabella@contoso.com",
                        attributes: AttributePatch(displayName: "Isabella Simonsen", firstName: "Isabella",
                                                   lastName: "Simonsen", usageLocation: "TW"),
                        sources: Support.at(file, 3)),
            UserRequest(customerID: "contoso", action: .create, userPrincipalName: "frontdesk@contoso.com",
                        attributes: AttributePatch(displayName: "Front Desk", usageLocation: "TW"),
                        sources: Support.at(file, 4)),
        ])
    }

    @Test func partnerCenterTemplateWithoutLocationLeavesItToTheCustomerDefault() throws {
        let (_, requests) = try Support.read(fixture: "partner-center.csv")
        #expect(requests.allSatisfy { $0.attributes.usageLocation == nil && $0.problems.isEmpty })
    }

    @Test func adminCenterTemplateMapsCountryNamesAndReportsAddressColumns() throws {
        let (reader, requests) = try Support.read(fixture: "admin-center.csv")
        let file = "admin-center.csv"
        #expect(reader.detectedFormat == .adminCenter)
        #expect(reader.unusedColumns.map(\.header) == [
            "Office Number", "Office Phone", "Mobile Phone", "Fax", "Alternate email address", "Address", "City",
            "State or Province", "ZIP or Postal Code",
        ])
        #expect(reader.unusedColumns.map(\.column) == Array(7...15))
        #expect(requests == [
            UserRequest(customerID: "contoso", action: .create, userPrincipalName: "chen@contoso.com",
                        attributes: AttributePatch(displayName: "Wei Chen", firstName: "Wei", lastName: "Chen",
                                                   jobTitle: "Engineer", department: "Research", usageLocation: "TW"),
                        sources: Support.at(file, 2)),
            UserRequest(customerID: "contoso", action: .create, userPrincipalName: "berg@contoso.com",
                        attributes: AttributePatch(displayName: "Anna Berg", firstName: "Anna", lastName: "Berg",
                                                   jobTitle: "Controller", department: "Finance", usageLocation: "DE"),
                        sources: Support.at(file, 3)),
            UserRequest(customerID: "contoso", action: .create, userPrincipalName: "doe@contoso.com",
                        attributes: AttributePatch(displayName: "Jane Doe", firstName: "Jane", lastName: "Doe",
                                                   usageLocation: "US"),
                        sources: Support.at(file, 4)),
        ])
    }

    @Test func olderAdminCenterTemplateWithoutAlternateEmailIsTheSameFormat() throws {
        let (reader, requests) = try Support.read(fixture: "admin-center-old.csv")
        #expect(reader.detectedFormat == .adminCenter)
        #expect(!reader.unusedColumns.contains { $0.header == "Alternate email address" })
        #expect(requests.map(\.userPrincipalName) == ["chen@contoso.com", "kim@contoso.com"])
        #expect(requests.map(\.attributes.usageLocation) == ["TW", "KR"])
        #expect(requests.map(\.sources) == [Support.at("admin-center-old.csv", 2), Support.at("admin-center-old.csv", 3)])
        #expect(requests.allSatisfy { $0.problems.isEmpty })
    }

    @Test func entraCreateSkipsVersionLineAndExampleRowAndReadsPasswordAndBlockSignIn() throws {
        let (reader, requests) = try Support.read(fixture: "entra-create.csv")
        let file = "entra-create.csv"
        #expect(reader.detectedFormat == .entraCreate)
        #expect(reader.versionLine == "version:v1.0")
        #expect(reader.headerLine == 2)
        #expect(reader.skippedExampleRowLine == 3)
        #expect(reader.unusedColumns.map(\.column) == Array(10...17))
        #expect(reader.unusedColumns.first?.header == "Street address [streetAddress]")
        #expect(requests == [
            UserRequest(customerID: "contoso", action: .create, userPrincipalName: "alain@contoso.com",
                        attributes: AttributePatch(displayName: "Alain Charon", firstName: "Alain", lastName: "Charon",
                                                   jobTitle: "Analyst", department: "Finance", usageLocation: "FR",
                                                   accountEnabled: true),
                        initialPassword: TemporaryPasswordInput("Tr0ub4dor&3x"), sources: Support.at(file, 4)),
            UserRequest(customerID: "contoso", action: .create, userPrincipalName: "joseph@contoso.com",
                        attributes: AttributePatch(displayName: "Joseph Price", firstName: "Joseph", lastName: "Price",
                                                   accountEnabled: false),
                        sources: Support.at(file, 5)),
        ])
    }

    @Test func entraDeleteGivesDeleteRequestsAfterTheExampleRow() throws {
        let (reader, requests) = try Support.read(fixture: "entra-delete.csv")
        #expect(reader.detectedFormat == .entraDelete)
        #expect(reader.skippedExampleRowLine == 3)
        #expect(requests == [
            UserRequest(customerID: "contoso", action: .delete, userPrincipalName: "alain@contoso.com",
                        sources: Support.at("entra-delete.csv", 4)),
            UserRequest(customerID: "contoso", action: .delete, userPrincipalName: "isabella@contoso.com",
                        sources: Support.at("entra-delete.csv", 5)),
        ])
    }

    @Test func entraRestoreGivesRestoreRequestsByObjectID() throws {
        let (reader, requests) = try Support.read(fixture: "entra-restore.csv")
        #expect(reader.detectedFormat == .entraRestore)
        #expect(reader.skippedExampleRowLine == nil)
        #expect(requests == [
            UserRequest(customerID: "contoso", action: .restore, userPrincipalName: "",
                        objectID: "3f2b8c1e-6a4d-4e0b-9c55-1d2e3f405162", sources: Support.at("entra-restore.csv", 3)),
            UserRequest(customerID: "contoso", action: .restore, userPrincipalName: "",
                        objectID: "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d", sources: Support.at("entra-restore.csv", 4)),
        ])
    }

    @Test func excelSemicolonFileInCP1252ReadsAccentedNames() throws {
        let (reader, requests) = try Support.read(fixture: "native-excel-cp1252.csv",
                                                  encoding: try CSVEncoding(name: "cp1252"))
        let file = "native-excel-cp1252.csv"
        #expect(reader.detectedFormat == .native)
        #expect(reader.dialect.delimiter == UInt8(ascii: ";"))
        #expect(requests == [
            UserRequest(customerID: "contoso", action: .upsert, userPrincipalName: "juergen.mueller@contoso.de",
                        attributes: AttributePatch(displayName: "Jürgen Müller", firstName: "Jürgen", lastName: "Müller",
                                                   department: "Vertrieb & Marketing", usageLocation: "DE"),
                        addLicenses: [LicenseRequest(product: "SPE_E3")], sources: Support.at(file, 2)),
            UserRequest(customerID: "contoso", action: .upsert, userPrincipalName: "francois@contoso.fr",
                        attributes: AttributePatch(displayName: "François Lefèvre", firstName: "François",
                                                   lastName: "Lefèvre", department: "Ventes", usageLocation: "FR"),
                        addLicenses: [LicenseRequest(product: "SPE_E3"), LicenseRequest(product: "EMS")],
                        sources: Support.at(file, 3)),
        ])
    }

    @Test func cp1252FileWithoutEncodingFailsWithThePositionedCSVError() throws {
        let error = try #require(throws: CSVError.self) { try Support.read(fixture: "native-excel-cp1252.csv") }
        guard case .invalidUTF8 = error.kind else {
            Issue.record("expected invalidUTF8, got \(error.kind)")
            return
        }
        #expect(error.position.line == 2)
    }

    @Test func manyRowsStreamOneAtATimeWithTheirLines() throws {
        var text = "UserPrincipalName,DisplayName,Licenses\r\n"
        for index in 0..<5_000 { text += "user\(index)@contoso.com,\"User, \(index)\",SPE_E3\r\n" }
        let csv = try CSVReader(bytes: Array(text.utf8), options: CSVReadOptions(fileName: "many.csv", hasHeader: false))
        var reader = try RequestReader(reader: csv, fileName: "many.csv",
                                       options: IntakeOptions(defaultCustomerID: "contoso"))
        var count = 0
        while let request = try reader.next() {
            #expect(request.sources == Support.at("many.csv", count + 2))
            #expect(request.userPrincipalName == "user\(count)@contoso.com")
            count += 1
        }
        #expect(count == 5_000)
    }

    @Test(arguments: ["hr-export.map", "hr-export-map.csv"])
    func columnMapReadsAnyHeader(mapFile: String) throws {
        let map = try ColumnMap(contentsOfFile: Support.fixture(mapFile))
        let (reader, requests) = try Support.read(fixture: "hr-export.csv",
                                                  options: IntakeOptions(defaultCustomerID: "contoso", columnMap: map))
        #expect(reader.detectedFormat == .mapped)
        #expect(reader.unusedColumns == [UnusedColumn(header: "Cost Center", column: 6)])
        #expect(requests == [
            UserRequest(customerID: "contoso", action: .upsert, userPrincipalName: "ada@contoso.com",
                        attributes: AttributePatch(displayName: "Ada Lovelace", firstName: "Ada", lastName: "Lovelace",
                                                   jobTitle: "Engineer", usageLocation: "GB"),
                        sources: Support.at("hr-export.csv", 2)),
            UserRequest(customerID: "contoso", action: .upsert, userPrincipalName: "sam@contoso.com",
                        attributes: AttributePatch(displayName: "Sam Okafor", firstName: "Sam", lastName: "Okafor",
                                                   jobTitle: "Buyer", usageLocation: "NG"),
                        sources: Support.at("hr-export.csv", 3)),
        ])
    }
}
