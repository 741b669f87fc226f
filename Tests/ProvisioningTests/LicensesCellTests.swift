import Foundation
import Testing
@testable import Provisioning

/// The `Licenses` cell: empty keeps what the user holds, with or without exact mode; `none`
/// is the explicit way to hold no licenses.
@Suite struct LicensesCellTests {
    /// A directory where ann holds E3 and Power BI Pro.
    private static func annWithTwoProducts() throws -> InMemoryDirectory {
        let directory = Fixture.directory()
        try Fixture.run(directory, [Fixture.request(.create, "ann@contoso.com", line: 2, licenses: ["SPE_E3", "POWER_BI_PRO"])])
        return directory
    }

    private static func row(_ licenses: String) throws -> UserRequest {
        try #require(try IntakeTestSupport.single(header: "UserPrincipalName,Department,Licenses",
                                                  row: "ann@contoso.com,Board,\(licenses)"))
    }

    @Test(arguments: [false, true])
    func anEmptyLicensesCellKeepsTheUsersLicenses(exact: Bool) throws {
        let directory = try Self.annWithTwoProducts()
        let request = try Self.row("")
        #expect(request.addLicenses.isEmpty && !request.holdsNoLicenses)
        let sink = try Fixture.run(directory, [request], options: Fixture.options(exact: exact), batch: "batch-2")
        let outcome = try #require(sink.outcomes.first)
        #expect(outcome.status == .succeeded, "\(outcome.errors)")
        #expect(outcome.removed == [])
        #expect(outcome.unchanged.map(\.partNumber) == ["POWER_BI_PRO", "SPE_E3"])
        #expect(directory.allUsers[0].licenses.map(\.partNumber) == ["POWER_BI_PRO", "SPE_E3"])
        #expect(directory.allUsers[0].attributes.department == "Board")
    }

    @Test(arguments: [false, true])
    func noneRemovesEveryLicense(exact: Bool) throws {
        let directory = try Self.annWithTwoProducts()
        let sink = try Fixture.run(directory, [try Self.row("None")], options: Fixture.options(exact: exact), batch: "batch-2")
        let outcome = try #require(sink.outcomes.first)
        #expect(outcome.status == .succeeded, "\(outcome.errors)")
        #expect(outcome.removed.map(\.partNumber) == ["POWER_BI_PRO", "SPE_E3"])
        #expect(directory.allUsers[0].licenses.isEmpty)
    }

    @Test(arguments: ["none", "NONE", " none ", "none;none"])
    func noneIsReadInAnyCase(_ cell: String) throws {
        let request = try Self.row(cell)
        #expect(request.problems.isEmpty)
        #expect(request.holdsNoLicenses)
        #expect(request.addLicenses.isEmpty)
    }

    @Test func noneWithAProductIsInvalidInputAtTheCell() throws {
        let request = try Self.row("SPE_E3;none")
        let problem = try #require(request.problems.first)
        #expect(request.problems.count == 1)
        #expect(problem.code == .invalidInput)
        #expect(problem.field == "Licenses")
        #expect(problem.line == 2)
        #expect(problem.column == 3)
        #expect(problem.message == "'none' cannot be combined with products in the same cell")
        let directory = try Self.annWithTwoProducts()
        let sink = try Fixture.run(directory, [request], batch: "batch-2")
        #expect(sink.outcomes.map(\.status) == [.failed])
        #expect(directory.allUsers[0].licenses.count == 2)
    }

    @Test func aNewUserWithNoneHoldsNothing() throws {
        let directory = Fixture.directory()
        let request = try #require(try IntakeTestSupport.single(header: "UserPrincipalName,DisplayName,Licenses",
                                                                row: "bob@contoso.com,Bob,none"))
        let sink = try Fixture.run(directory, [request])
        #expect(sink.outcomes.map(\.status) == [.succeeded])
        #expect(directory.allUsers[0].licenses.isEmpty)
    }

    @Test func exactWithProductsStillRemovesTheOthers() throws {
        let directory = try Self.annWithTwoProducts()
        let sink = try Fixture.run(directory, [try Self.row("POWER_BI_PRO")], options: Fixture.options(exact: true),
                                   batch: "batch-2")
        #expect(sink.outcomes.first?.removed.map(\.partNumber) == ["SPE_E3"])
    }
}
