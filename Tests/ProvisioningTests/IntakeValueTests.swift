import Testing
@testable import Provisioning

/// The value readers behind intake: country names, actions, yes/no values, lists, header keys.
@Suite("Intake values")
struct IntakeValueTests {
    @Test(arguments: [
        ("United States", "US"), ("Taiwan", "TW"), ("Germany", "DE"), ("Korea", "KR"), ("South Korea", "KR"),
        ("Hong Kong SAR", "HK"), ("Macao SAR", "MO"), ("Congo (DRC)", "CD"), ("Congo", "CG"), ("Türkiye", "TR"),
        ("Turkey", "TR"), ("Czechia", "CZ"), ("Czech Republic", "CZ"), ("Côte d'Ivoire", "CI"), ("cote divoire", "CI"),
        ("St. Lucia", "LC"), ("The Netherlands", "NL"), ("Bosnia & Herzegovina", "BA"), ("Palestinian Authority", "PS"),
        ("Viet Nam", "VN"), ("UNITED KINGDOM", "GB"), ("North Macedonia", "MK"), ("Réunion", "RE"),
        ("Åland Islands", "AX"), ("Curaçao", "CW"), ("Russia", "RU"), ("Vatican City", "VA"), ("Eswatini", "SZ"),
    ])
    func countryNamesIncludingMicrosoftSpellingsMapToCodes(name: String, code: String) {
        #expect(CountryNames.code(forName: name) == code)
    }

    @Test(arguments: ["Atlantis", "", "   ", "Narnia", "Virgin Islands"])
    func unknownOrAmbiguousCountryNamesAreNil(name: String) {
        #expect(CountryNames.code(forName: name) == nil)
    }

    @Test func everyAssignedCodeHasANameThatMapsBackToIt() {
        #expect(Set(CountryNames.table.map(\.code)) == CountryCode.assigned)
        for entry in CountryNames.table {
            for name in entry.names { #expect(CountryNames.code(forName: name) == entry.code, "\(name)") }
        }
    }

    @Test func codesAreAcceptedWhereNamesOrCodesAre() {
        #expect(CountryNames.code(forNameOrCode: "tw") == "TW")
        #expect(CountryNames.code(forNameOrCode: " Taiwan ") == "TW")
        #expect(CountryNames.name(forCode: "tw") == "Taiwan")
        #expect(CountryNames.closestNames(to: "Germny") == ["Germany"])
    }

    @Test(arguments: [
        ("create", RequestAction.create), ("UPDATE", .update), ("Upsert", .upsert), ("delete", .delete),
        ("restore", .restore), ("reset-password", .resetPassword), ("Reset Password", .resetPassword),
        ("reset_password", .resetPassword), ("RESETPASSWORD", .resetPassword),
    ])
    func actionsAreReadInsensitively(text: String, action: RequestAction) throws {
        #expect(try ValueParser.action(text).get() == action)
    }

    @Test(arguments: [("cretae", "did you mean create?"), ("delet", "did you mean delete?"),
                      ("reset pasword", "did you mean reset-password?"), ("obliterate", nil)])
    func actionTyposSuggestTheClosest(text: String, fix: String?) {
        guard case .failure(let problem) = ValueParser.action(text) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(problem.fix == fix)
        #expect(problem.message.contains("create, update, upsert, delete, restore, reset-password"))
    }

    @Test(arguments: [("Yes", true), ("no", false), ("TRUE", true), ("false", false), ("1", true), ("0", false),
                      ("y", true), ("N", false), ("Enabled", true), ("disabled", false)])
    func yesNoValues(text: String, value: Bool) throws {
        #expect(try ValueParser.boolean(text).get() == value)
    }

    @Test(arguments: [
        ("SPE_E3;EMS", ["SPE_E3", "EMS"]), (" SPE_E3 ; ;EMS; ", ["SPE_E3", "EMS"]), ("SPE_E3\r\nEMS", ["SPE_E3", "EMS"]),
        ("Windows 365 Business 16 vCPU, 64 GB, 1 TB", ["Windows 365 Business 16 vCPU, 64 GB, 1 TB"]), (";;", []),
    ])
    func listsSplitOnSemicolonsAndLineBreaksButNotCommas(text: String, items: [String]) {
        #expect(ValueParser.list(text) == items)
    }

    @Test func repeatedLicensesAreKeptOnce() {
        #expect(ValueParser.licenses("SPE_E3;spe_e3;EMS") == [LicenseRequest(product: "SPE_E3"), LicenseRequest(product: "EMS")])
    }

    @Test(arguments: [("User Name", "username"), ("user_name", "username"), ("USERNAME", "username"),
                      ("ZIP or Postal Code", "ziporpostalcode"), ("Block sign in (Yes/No)", "blocksigninyesno"),
                      ("E-mail", "email"), ("Übername", "übername")])
    func headerKeysIgnoreCaseSpacesAndPunctuation(header: String, key: String) {
        #expect(HeaderKey(header).value == key)
    }

    @Test(arguments: [("User name [userPrincipalName] Required", "userprincipalname"),
                      ("Name (example: Chris Green) [displayName] *", "displayname"),
                      ("Display name", nil), ("Odd [] header", nil)])
    func entraPropertiesComeFromTheLastBrackets(header: String, property: String?) {
        #expect(HeaderKey.property(of: header)?.value == property)
    }

    @Test(arguments: [("", "", 0), ("kitten", "sitting", 3), ("abc", "", 3), ("flaw", "lawn", 2), ("same", "same", 0)])
    func editDistance(a: String, b: String, distance: Int) {
        #expect(EditDistance.between(a, b) == distance)
        #expect(EditDistance.between(b, a) == distance)
    }

    @Test func fieldsAreFoundByNameOrAlias() {
        #expect(IntakeField(columnName: "user principal name") == .userPrincipalName)
        #expect(IntakeField(columnName: "UPN") == .userPrincipalName)
        #expect(IntakeField(columnName: "Licences") == .licenses)
        #expect(IntakeField(columnName: "given name") == .firstName)
        #expect(IntakeField(columnName: "Shoe size") == nil)
    }
}
