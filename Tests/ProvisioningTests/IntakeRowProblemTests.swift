import Testing
@testable import Provisioning

/// Every row problem becomes an `InvalidInput` violation on its request, at its line and column.
@Suite("Intake row problems")
struct IntakeRowProblemTests {
    typealias Support = IntakeTestSupport

    static let columns = [
        "UserPrincipalName", "DisplayName", "FirstName", "LastName", "JobTitle", "Department", "UsageLocation",
        "AccountEnabled", "Licenses", "RemoveLicenses", "DisabledPlans", "Action", "NewUserPrincipalName", "ObjectId",
    ]
    static let header = columns.joined(separator: ",")

    /// A native row with `values` in the named columns (quoted), the rest empty; a valid upsert
    /// of `ok@contoso.com` unless overridden.
    static func row(_ values: [String: String]) -> String {
        var cells = values
        if cells["UserPrincipalName"] == nil { cells["UserPrincipalName"] = "ok@contoso.com" }
        return columns.map { name in
            cells[name].map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" } ?? ""
        }.joined(separator: ",")
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let row: String
        let field: String?
        let column: Int
        let message: String
        var fix: String?
        var testDescription: String { name }
    }

    static let long = String(repeating: "x", count: 300)

    static let cases: [Case] = [
        Case(name: "missing user name", row: row(["UserPrincipalName": " ", "DisplayName": "Ann"]),
             field: "UserPrincipalName", column: 1, message: "user name is required"),
        Case(name: "dot before @", row: row(["UserPrincipalName": "ann.@contoso.com"]),
             field: "UserPrincipalName", column: 1, message: "may not have '.' right before '@'"),
        Case(name: "space in user name", row: row(["UserPrincipalName": "ann smith@contoso.com"]),
             field: "UserPrincipalName", column: 1, message: "contains ' ', which is not allowed"),
        Case(name: "no @", row: row(["UserPrincipalName": "ann"]),
             field: "UserPrincipalName", column: 1, message: "must contain exactly one '@'"),
        Case(name: "local part too long", row: row(["UserPrincipalName": String(repeating: "a", count: 65) + "@contoso.com"]),
             field: "UserPrincipalName", column: 1, message: "more than 64 characters before '@'"),
        Case(name: "create without display name", row: row(["Action": "create"]),
             field: "DisplayName", column: 2, message: "display name is required to create a user"),
        Case(name: "display name too long", row: row(["DisplayName": long]),
             field: "DisplayName", column: 2, message: "display name is longer than 256 characters"),
        Case(name: "first name too long", row: row(["FirstName": String(long.prefix(65))]),
             field: "FirstName", column: 3, message: "first name is longer than 64 characters"),
        Case(name: "last name too long", row: row(["LastName": String(long.prefix(65))]),
             field: "LastName", column: 4, message: "last name is longer than 64 characters"),
        Case(name: "job title too long", row: row(["JobTitle": String(long.prefix(129))]),
             field: "JobTitle", column: 5, message: "job title is longer than 128 characters"),
        Case(name: "department too long", row: row(["Department": String(long.prefix(65))]),
             field: "Department", column: 6, message: "department is longer than 64 characters"),
        Case(name: "control character", row: row(["DisplayName": "Ann\u{7}"]),
             field: "DisplayName", column: 2, message: "contains a control character"),
        Case(name: "unknown country", row: row(["UsageLocation": "Atlantis"]),
             field: "UsageLocation", column: 7,
             message: "'Atlantis' is not an ISO 3166-1 alpha-2 country code or a country name",
             fix: "use a two-letter code such as TW, DE or US"),
        Case(name: "misspelt country", row: row(["UsageLocation": "Germny"]),
             field: "UsageLocation", column: 7, message: "'Germny' is not", fix: "did you mean Germany?"),
        Case(name: "unassigned code", row: row(["UsageLocation": "XX"]),
             field: "UsageLocation", column: 7, message: "'XX' is not"),
        Case(name: "bad boolean", row: row(["AccountEnabled": "maybe"]),
             field: "AccountEnabled", column: 8, message: "'maybe' is not a yes/no value"),
        Case(name: "action typo", row: row(["Action": "cretae"]),
             field: "Action", column: 12,
             message: "'cretae' is not an action; valid actions are create, update, upsert, delete, restore, reset-password",
             fix: "did you mean create?"),
        Case(name: "plan for a product not in Licenses", row: row(["Licenses": "SPE_E3", "DisabledPlans": "EMS:INTUNE_A"]),
             field: "DisabledPlans", column: 11,
             message: "'EMS:INTUNE_A' disables a plan of 'EMS', which is not in Licenses",
             fix: "add EMS to Licenses, or name one of: SPE_E3"),
        Case(name: "plan without product", row: row(["Licenses": "SPE_E3", "DisabledPlans": "TEAMS1"]),
             field: "DisabledPlans", column: 11, message: "'TEAMS1' is not SKU:PLAN"),
        Case(name: "product without plan", row: row(["Licenses": "SPE_E3", "DisabledPlans": "SPE_E3:"]),
             field: "DisabledPlans", column: 11, message: "'SPE_E3:' names no service plan after ':'"),
        Case(name: "added and removed", row: row(["Licenses": "SPE_E3", "RemoveLicenses": "spe_e3"]),
             field: "RemoveLicenses", column: 10, message: "'spe_e3' is both in Licenses and in RemoveLicenses"),
        Case(name: "new name outside restore", row: row(["NewUserPrincipalName": "new@contoso.com"]),
             field: "NewUserPrincipalName", column: 13, message: "a new user name applies only to the restore action"),
        Case(name: "invalid new name", row: row(["Action": "restore", "NewUserPrincipalName": "new@"]),
             field: "NewUserPrincipalName", column: 13, message: "has no domain after '@'"),
        Case(name: "object id not a GUID", row: row(["Action": "restore", "ObjectId": "12345"]),
             field: "ObjectId", column: 14, message: "object id '12345' is not a GUID"),
        Case(name: "delete without name or id", row: row(["UserPrincipalName": "", "Action": "delete"]),
             field: "UserPrincipalName", column: 1, message: "user name or object id is required"),
        Case(name: "value beyond the header", row: row([:]) + ",stray",
             field: nil, column: 15, message: "column 15 has a value but no header"),
    ]

    @Test(arguments: cases)
    func rowProblemIsAnInvalidInputViolationAtItsLineAndColumn(_ testCase: Case) throws {
        let request = try #require(try Support.single(header: Self.header, row: testCase.row))
        #expect(request.problems.count == 1, "\(request.problems)")
        let problem = try #require(request.problems.first)
        #expect(problem.code == .invalidInput)
        #expect(problem.field == testCase.field)
        #expect(problem.line == 2)
        #expect(problem.column == testCase.column)
        #expect(problem.message.contains(testCase.message), "\(problem.message)")
        if let fix = testCase.fix { #expect(problem.fix == fix) }
    }

    @Test func validRowHasNoProblems() throws {
        let request = try #require(try Support.single(header: Self.header, row: Self.row([
            "DisplayName": "Ok", "UsageLocation": "de", "AccountEnabled": "Yes", "Licenses": "SPE_E3;SPE_E3",
            "DisabledPlans": "spe_e3:TEAMS1;SPE_E3:teams1", "Action": "CREATE",
        ])))
        #expect(request.problems == [])
        #expect(request.addLicenses == [LicenseRequest(product: "SPE_E3", disabledPlans: ["TEAMS1"])])
        #expect(request.attributes.accountEnabled == true)
        #expect(request.attributes.usageLocation == "DE")
    }

    @Test func restoreByObjectIDNeedsNoUserName() throws {
        let request = try #require(try Support.single(header: Self.header, row: Self.row([
            "UserPrincipalName": "", "Action": "restore", "ObjectId": "3F2B8C1E-6A4D-4E0B-9C55-1D2E3F405162",
        ])))
        #expect(request.problems == [])
        #expect(request.objectID == "3F2B8C1E-6A4D-4E0B-9C55-1D2E3F405162")
    }

    @Test func productNamesWithColonsTakeTheirPlans() throws {
        let request = try #require(try Support.single(header: Self.header, row: Self.row([
            "Licenses": "Dynamics 365 Talent: Onboard", "DisabledPlans": "Dynamics 365 Talent: Onboard:EXCHANGE_S_FOUNDATION",
        ])))
        #expect(request.problems == [])
        #expect(request.addLicenses == [LicenseRequest(product: "Dynamics 365 Talent: Onboard",
                                                       disabledPlans: ["EXCHANGE_S_FOUNDATION"])])
    }

    @Test func rowWithSeveralProblemsKeepsThemAll() throws {
        let request = try #require(try Support.single(header: Self.header, row: Self.row([
            "UserPrincipalName": "bad", "UsageLocation": "Narnia", "Action": "create",
        ])))
        #expect(Set(request.problems.compactMap(\.column)) == [1, 2, 7])
        #expect(request.problems.allSatisfy { $0.code == .invalidInput && $0.line == 2 })
    }

    @Test func badRowsDoNotStopTheRestOfTheFile() throws {
        let text = Self.header + "\n" + Self.row(["UserPrincipalName": "a@contoso.com"]) + "\n"
            + Self.row(["UserPrincipalName": "b@", "Action": "explode"]) + "\n"
            + Self.row(["UserPrincipalName": "c@contoso.com"]) + "\n"
        let (_, requests) = try Support.read(text)
        #expect(requests.map(\.userPrincipalName) == ["a@contoso.com", "b@", "c@contoso.com"])
        #expect(requests.map(\.problems.count) == [0, 2, 0])
        #expect(requests[1].problems.map(\.line) == [3, 3])
    }

    // MARK: - Entra

    static let entraHeader = "version:v1.0\nName [displayName] Required,User name [userPrincipalName] Required,"
        + "Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required"

    @Test(arguments: ["short1A", "alllowercaseletters", "12345678"])
    func weakInitialPasswordIsARowProblemThatNeverShowsThePassword(password: String) throws {
        let (_, requests) = try Support.read(Self.entraHeader + "\nAda,ada@contoso.com,\(password),No\n")
        let request = try #require(requests.first)
        #expect(request.initialPassword == nil)
        let problem = try #require(request.problems.first)
        #expect(problem.field == "Initial password [passwordProfile] Required")
        #expect(problem.line == 3 && problem.column == 3)
        #expect(!problem.description.contains(password))
    }

    @Test func badBlockSignInIsARowProblem() throws {
        let (_, requests) = try Support.read(Self.entraHeader + "\nAda,ada@contoso.com,,Perhaps\n")
        let problem = try #require(requests.first?.problems.first)
        #expect(problem.field == "Block sign in (Yes/No) [accountEnabled] Required" && problem.column == 4)
        #expect(problem.message == "'Perhaps' is not a yes/no value")
    }

    @Test func passwordIsTakenAsWrittenWithoutTrimming() throws {
        let (_, requests) = try Support.read(Self.entraHeader + "\nAda,ada@contoso.com,\" Tr0ub4dor&3x\",No\n")
        #expect(requests.first?.initialPassword == TemporaryPasswordInput(" Tr0ub4dor&3x"))
    }
}
