import CSV
import Testing
@testable import Provisioning

/// Recognising formats from headers, reporting unused columns, and the header errors.
@Suite("Intake headers")
struct IntakeHeaderTests {
    typealias Support = IntakeTestSupport

    struct Variant: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let format: InputFormat
        var testDescription: String { name }
    }

    static let variants: [Variant] = [
        Variant(name: "native, exact", text: "UserPrincipalName,DisplayName\na@contoso.com,A\n", format: .native),
        Variant(name: "native, lower case", text: "userprincipalname,displayname\na@contoso.com,A\n", format: .native),
        Variant(name: "native, spaces and punctuation",
                text: " User Principal-Name ,Display_Name\na@contoso.com,A\n", format: .native),
        Variant(name: "native, UPN alias", text: "UPN,Display Name\na@contoso.com,A\n", format: .native),
        Variant(name: "admin center, shouting", text: "USER NAME,DISPLAY NAME\na@contoso.com,A\n", format: .adminCenter),
        Variant(name: "admin center, squeezed", text: "username,firstname,displayname\na@contoso.com,B,A\n",
                format: .adminCenter),
        Variant(name: "Partner Center, e-mail", text: "first name,last name,display name,e-mail\nB,C,A,a@contoso.com\n",
                format: .partnerCenter),
        Variant(name: "Partner Center, upper case", text: "EMAIL,DISPLAY NAME\na@contoso.com,A\n", format: .partnerCenter),
        Variant(name: "Entra create without version line",
                text: "Name [displayName] Required,User name [userPrincipalName] Required\nA,a@contoso.com\n",
                format: .entraCreate),
        Variant(name: "Entra create, older headers",
                text: "version:v1.0\nName (example: Chris Green) [displayName] *,"
                    + "User name (example: chris@contoso.com) [userPrincipalName] *,"
                    + "Initial password [passwordProfile] *,Block sign in (Yes/No) [accountEnabled] *\n"
                    + "A,a@contoso.com,,No\n",
                format: .entraCreate),
        Variant(name: "Entra delete, property case", text: "version:v1.0\nuser name [USERPRINCIPALNAME] required\na@contoso.com\n",
                format: .entraDelete),
    ]

    @Test(arguments: variants)
    func headerVariantsAreRecognised(_ variant: Variant) throws {
        let (reader, requests) = try Support.read(variant.text)
        #expect(reader.detectedFormat == variant.format)
        #expect(requests.map(\.userPrincipalName) == ["a@contoso.com"])
        #expect(requests.first?.problems == [])
    }

    @Test func unknownHeaderListsKnownFormatsAndClosestColumns() throws {
        let error = try #require(throws: IntakeError.self) {
            try Support.read("Usr Principal Name,Dispaly Name,Badge Number\na@contoso.com,A,17\n")
        }
        guard case .unrecognizedHeader(let file, let line, let columns) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(file == "test.csv" && line == 1)
        #expect(columns.map(\.header) == ["Usr Principal Name", "Dispaly Name", "Badge Number"])
        #expect(columns.map(\.column) == [1, 2, 3])
        #expect(columns[0].suggestions.first == "UserPrincipalName")
        #expect(columns[1].suggestions.first == "DisplayName")
        let text = error.description
        #expect(text.hasPrefix("test.csv:1: the header matches no known format: no column gives the user name"))
        for known in ["native (UserPrincipalName", "Partner Center bulk add (First name", "User Name",
                      "Entra ID bulk create", "--map FILE", "did you mean UserPrincipalName"] {
            #expect(text.contains(known), "missing \(known)")
        }
    }

    @Test func headerWithoutUserNameColumnIsUnrecognisedEvenWhenEveryColumnIsKnown() throws {
        let error = try #require(throws: IntakeError.self) { try Support.read("First Name,Last Name\nA,B\n") }
        #expect(error == .unrecognizedHeader(fileName: "test.csv", line: 1, columns: []))
    }

    @Test func unusedColumnsAreReportedWithSuggestionsForLikelyTypos() throws {
        let (reader, requests) = try Support.read(
            "UserPrincipalName,DisplayName,Departmnet,Notes\na@contoso.com,A,Sales,met at fair\n")
        #expect(reader.unusedColumns == [
            UnusedColumn(header: "Departmnet", column: 3, suggestions: ["Department"]),
            UnusedColumn(header: "Notes", column: 4),
        ])
        #expect(reader.unusedColumns[0].description == "column 3 'Departmnet' (did you mean Department?)")
        #expect(requests.first?.attributes.department == nil)
    }

    @Test func twoColumnsForOneFieldAreAnError() throws {
        let error = try #require(throws: IntakeError.self) {
            try Support.read("UserPrincipalName,DisplayName,UPN\na@contoso.com,A,a@contoso.com\n")
        }
        #expect(error == .duplicateColumn(fileName: "test.csv", line: 1, field: .userPrincipalName,
                                          columns: [UnusedColumn(header: "UserPrincipalName", column: 1),
                                                    UnusedColumn(header: "UPN", column: 3)]))
        #expect(error.description.contains("columns 1 'UserPrincipalName' and 3 'UPN' both carry UserPrincipalName"))
    }

    @Test func nativeHeaderWithAnEmailColumnStaysNativeAndReportsEmailUnused() throws {
        let (reader, _) = try Support.read("UserPrincipalName,Display name,Email\na@contoso.com,A,a@example.net\n")
        #expect(reader.detectedFormat == .native)
        #expect(reader.unusedColumns.map(\.header) == ["Email"])
    }

    @Test func nativeColumnsAddedToAMicrosoftTemplateAreRead() throws {
        let (reader, requests) = try Support.read("User Name,Display Name,Licenses,Action\na@contoso.com,A,SPE_E3,upsert\n")
        #expect(reader.detectedFormat == .adminCenter)
        #expect(requests.first?.addLicenses == [LicenseRequest(product: "SPE_E3")])
        #expect(requests.first?.action == .upsert)
    }

    @Test func nativeColumnsAddedToAnEntraTemplateAreRead() throws {
        let text = "version:v1.0\nName [displayName] Required,User name [userPrincipalName] Required,Customer,Licenses\n"
            + "Ada,ada@fabrikam.com,fabrikam,SPE_E3\n"
        let (reader, requests) = try Support.read(text, options: IntakeOptions())
        #expect(reader.detectedFormat == .entraCreate)
        #expect(requests.first?.customerID == "fabrikam")
        #expect(requests.first?.addLicenses == [LicenseRequest(product: "SPE_E3")])
    }

    @Test func fileWithoutCustomerColumnNeedsTheCustomerOption() throws {
        let error = try #require(throws: IntakeError.self) {
            try Support.read("UserPrincipalName\na@contoso.com\n", options: IntakeOptions())
        }
        #expect(error == .customerRequired(fileName: "test.csv"))
    }

    @Test func invalidLocationOptionIsAnErrorWithSuggestions() throws {
        let error = try #require(throws: IntakeError.self) {
            try Support.read("Email,Display name\na@contoso.com,A\n",
                             options: IntakeOptions(defaultCustomerID: "contoso", location: "Germny"))
        }
        #expect(error == .invalidLocation("Germny", suggestions: ["Germany"]))
    }

    @Test(arguments: ["", "\n\n", "version:v1.0\n", "version:v1.0,,,\n\n"])
    func inputWithoutHeaderIsEmpty(text: String) throws {
        let error = try #require(throws: IntakeError.self) { try Support.read(text) }
        #expect(error == .emptyInput(fileName: "test.csv"))
    }

    @Test func entraExampleRowMarkedExampleIsSkippedOnlyAsTheFirstDataRow() throws {
        let text = "version:v1.0\nName [displayName] Required,User name [userPrincipalName] Required\n"
            + "Example: Chris Green,chris@contoso.com\nAda,ada@contoso.com\nChris Green,chris@contoso.com\n"
        let (reader, requests) = try Support.read(text)
        #expect(reader.skippedExampleRowLine == 3)
        #expect(requests.map(\.userPrincipalName) == ["ada@contoso.com", "chris@contoso.com"])
        #expect(requests.map { $0.sources[0].line } == [4, 5])
    }

    @Test func nativeFileKeepsAChrisGreenRow() throws {
        let (reader, requests) = try Support.read("UserPrincipalName,DisplayName\nchris@contoso.com,Chris Green\n")
        #expect(reader.skippedExampleRowLine == nil)
        #expect(requests.count == 1)
    }

    @Test func entraAccountEnabledHeaderWithoutBlockMeansEnabled() throws {
        let text = "Name [displayName] Required,User name [userPrincipalName] Required,Account enabled [accountEnabled]\n"
            + "A,a@contoso.com,No\n"
        let (_, requests) = try Support.read(text)
        #expect(requests.first?.attributes.accountEnabled == false)
    }

    // MARK: - Column maps

    @Test func columnMapFromPairsMapsAndFallsBackToNativeNames() throws {
        let map = try ColumnMap([(header: "Mail", field: .userPrincipalName), (header: "Full Name", field: .displayName)])
        let (reader, requests) = try Support.read(
            "MAIL,Full-Name,Licenses,Shoe Size\na@contoso.com,A,SPE_E3,44\n",
            options: IntakeOptions(defaultCustomerID: "contoso", columnMap: map))
        #expect(reader.detectedFormat == .mapped)
        #expect(reader.unusedColumns.map(\.header) == ["Shoe Size"])
        #expect(requests.first?.attributes.displayName == "A")
        #expect(requests.first?.addLicenses == [LicenseRequest(product: "SPE_E3")])
    }

    @Test func columnMapWithoutUserNameIsAMissingColumn() throws {
        let map = try ColumnMap([(header: "Full Name", field: .displayName)])
        let error = try #require(throws: IntakeError.self) {
            try Support.read("Full Name,Mail\nA,a@contoso.com\n",
                             options: IntakeOptions(defaultCustomerID: "contoso", columnMap: map))
        }
        #expect(error == .missingColumn(fileName: "test.csv", line: 1, format: .mapped,
                                        needed: ["UserPrincipalName", "ObjectId"]))
    }

    struct MapCase: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let line: Int
        let fragment: String
        var testDescription: String { name }
    }

    static let badMaps: [MapCase] = [
        MapCase(name: "unknown field", text: "Mail=UserPrincpalName\n", line: 1,
                fragment: "'UserPrincpalName' is not a field; fields are UserPrincipalName, DisplayName"),
        MapCase(name: "unknown field suggestion", text: "# comment\nMail=UserPrincpalName\n", line: 2,
                fragment: "did you mean UserPrincipalName"),
        MapCase(name: "conflicting", text: "Mail,UserPrincipalName\nMail,DisplayName\n", line: 2,
                fragment: "'Mail' is already mapped to UserPrincipalName"),
        MapCase(name: "three values", text: "Mail,UserPrincipalName,extra\n", line: 1,
                fragment: "expected 'Header=Field' or 'Header,Field'"),
        MapCase(name: "empty header", text: "=DisplayName\n", line: 1, fragment: "the header to map is empty"),
    ]

    @Test(arguments: badMaps)
    func invalidColumnMapLinesAreErrorsWithTheirLine(_ mapCase: MapCase) throws {
        let error = try #require(throws: IntakeError.self) { try ColumnMap(text: mapCase.text, fileName: "hr.map") }
        guard case .invalidColumnMap(let file, let line, let message) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(file == "hr.map" && line == mapCase.line)
        #expect(message.contains(mapCase.fragment), "\(message)")
    }

    @Test func columnMapEqualsLineMayHaveCommasInTheHeader() throws {
        let map = try ColumnMap(text: "Name, full=DisplayName\nMail=UserPrincipalName,,\n")
        #expect(map.field(forHeader: "Name, full") == .displayName)
        #expect(map.field(forHeader: "Mail") == .userPrincipalName)
    }

    @Test func columnMapSkipsCommentsBlankLinesAndAHeaderRow() throws {
        let map = try ColumnMap(text: "Column;Field\n\n# HR\n\"Mail, work\";UserPrincipalName\n")
        #expect(map.field(forHeader: "mail work") == .userPrincipalName)
        #expect(map.field(forHeader: "Column") == nil)
    }
}

@Suite struct IntakeFieldOrdinalTests {
    @Test func ordinalsAreThePositionsAmongAllCases() {
        #expect(IntakeField.allCases.map(\.ordinal) == Array(IntakeField.allCases.indices))
    }
}
