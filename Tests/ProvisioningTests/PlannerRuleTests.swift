import Foundation
import Testing
@testable import Provisioning

@Suite struct PlannerRuleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let request: UserRequest
        let expected: ViolationCode?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a plain create with a license succeeds",
             request: Fixture.request(.create, "ann@contoso.com", line: 2, licenses: ["SPE_E3"]), expected: nil),
        Case(name: "audio conferencing without Teams is a DependencyViolation",
             request: Fixture.request(.create, "bob@contoso.com", line: 2, licenses: ["MCOMEETADV"]), expected: .dependencyViolation),
        Case(name: "audio conferencing with E3 (Teams) is fine",
             request: Fixture.request(.create, "cai@contoso.com", line: 2, licenses: ["SPE_E3", "MCOMEETADV"]), expected: nil),
        Case(name: "disabling the plan Audio Conferencing needs is a DependencyViolation",
             request: Fixture.request(.create, "dan@contoso.com", line: 2, licenses: ["SPE_E3", "MCOMEETADV"],
                                      disabled: ["SPE_E3": ["TEAMS1", "MCOSTANDARD"]]), expected: .dependencyViolation),
        Case(name: "Exchange plan 1 and plan 2 together is a MutuallyExclusiveViolation",
             request: Fixture.request(.create, "eve@contoso.com", line: 2, licenses: ["EXCHANGESTANDARD", "EXCHANGEENTERPRISE"]),
             expected: .mutuallyExclusiveViolation),
        Case(name: "Exchange plan 1 with E3 whose Exchange plan is disabled is fine",
             request: Fixture.request(.create, "fay@contoso.com", line: 2, licenses: ["EXCHANGESTANDARD", "SPE_E3"],
                                      disabled: ["SPE_E3": ["EXCHANGE_S_ENTERPRISE"]]), expected: nil),
        Case(name: "domestic calling in the US is a ProhibitedInUsageLocationViolation",
             request: Fixture.request(.create, "gus@contoso.com", line: 2, licenses: ["MCOPSTN1"], location: "US"),
             expected: .prohibitedInUsageLocationViolation),
        Case(name: "domestic calling in Taiwan is fine",
             request: Fixture.request(.create, "hal@contoso.com", line: 2, licenses: ["MCOPSTN1"], location: "TW"), expected: nil),
        Case(name: "an unknown product is NotFound",
             request: Fixture.request(.create, "ivy@contoso.com", line: 2, licenses: ["SPE_E9"]), expected: .notFound),
        Case(name: "a disabled plan of another product is InvalidInput",
             request: Fixture.request(.create, "jon@contoso.com", line: 2, licenses: ["POWER_BI_PRO"],
                                      disabled: ["POWER_BI_PRO": ["TEAMS1"]]), expected: .invalidInput),
        Case(name: "an unverified domain is InvalidInput",
             request: Fixture.request(.create, "kim@example.org", line: 2), expected: .invalidInput),
        Case(name: "a product by GUID resolves",
             request: Fixture.request(.create, "lee@contoso.com", line: 2, licenses: ["f8a1db68-be16-40ed-86d5-cb42ce701560"]),
             expected: nil),
        Case(name: "a product by display name resolves",
             request: Fixture.request(.create, "max@contoso.com", line: 2, licenses: ["power bi pro"]), expected: nil),
        Case(name: "updating a missing user is NotFound",
             request: Fixture.request(.update, "nobody@contoso.com", line: 2, licenses: ["SPE_E3"]), expected: .notFound),
    ]

    @Test(arguments: cases)
    func ruleOutcome(_ testCase: Case) throws {
        let directory = Fixture.directory()
        let sink = try Fixture.run(directory, [testCase.request])
        let outcome = try #require(sink.outcomes.first)
        if let expected = testCase.expected {
            #expect(outcome.status == .failed)
            #expect(outcome.errors.map(\.code).contains(expected), "\(outcome.errors)")
            #expect(directory.allUsers.isEmpty, "a refused user leaves nothing behind")
        } else {
            #expect(outcome.status == .succeeded, "\(outcome.errors)")
            #expect(directory.allUsers.count == 1)
        }
    }

    @Test func noUsageLocationMeansNoLicenses() throws {
        let directory = Fixture.directory()
        directory.customerList[0].defaultUsageLocation = ""
        let sink = try Fixture.run(directory, [Fixture.request(.create, "ann@contoso.com", line: 2, licenses: ["SPE_E3"])])
        #expect(sink.outcomes.first?.errors.first?.code == .usageLocationRequired)
    }

    @Test func removingTheProductThatProvidesTeamsOrphansAudioConferencing() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, [Fixture.request(.create, "ann@contoso.com", line: 2, licenses: ["SPE_E3", "MCOMEETADV"])])
        let sink = try Fixture.run(directory, [Fixture.request(.update, "ann@contoso.com", line: 2, remove: ["SPE_E3"])],
                                   batch: "batch-2")
        let outcome = try #require(sink.outcomes.first)
        #expect(outcome.status == .failed)
        #expect(outcome.errors.map(\.code) == [.dependencyViolation])
        #expect(directory.allUsers[0].licenses.map(\.partNumber) == ["MCOMEETADV", "SPE_E3"])
    }

    @Test func combinedViolationsAreAllReportedAndNothingApplies() throws {
        let directory = Fixture.directory()
        let request = Fixture.request(.create, "ann@contoso.com", line: 7,
                                      licenses: ["EXCHANGESTANDARD", "EXCHANGEENTERPRISE", "MCOMEETADV"])
        let sink = try Fixture.run(directory, [request])
        let codes = Set(sink.outcomes.first?.errors.map(\.code) ?? [])
        #expect(codes == [.dependencyViolation, .mutuallyExclusiveViolation])
        #expect(directory.allUsers.isEmpty)
        #expect(sink.summary?.products.first { $0.partNumber == "EXCHANGESTANDARD" }?.assignedAfter == 0)
    }

    @Test func duplicateRowIsAUniquenessViolationNamingTheFirstLine() throws {
        let directory = Fixture.directory()
        let sink = try Fixture.run(directory, [Fixture.request(.create, "ann@contoso.com", line: 2),
                                               Fixture.request(.create, "ANN@contoso.com", line: 9)])
        #expect(sink.outcomes.map(\.status) == [.succeeded, .failed])
        let error = try #require(sink.outcomes.last?.errors.first)
        #expect(error.code == .uniquenessViolation)
        #expect(error.message.contains("line 2"))
    }

    @Test func createOfATakenNameIsAUniquenessViolation() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, [Fixture.request(.create, "ann@contoso.com", line: 2)])
        let sink = try Fixture.run(directory, [Fixture.request(.create, "ann@contoso.com", line: 2, licenses: ["SPE_E3"])],
                                   batch: "b2")
        #expect(sink.outcomes.first?.errors.first?.code == .uniquenessViolation)
    }

    @Test func intakeProblemsFailTheRowWithTheirPosition() throws {
        var request = Fixture.request(.create, "ann@contoso.com", line: 4)
        request.problems = [Violation(.invalidInput, "bad country", field: "UsageLocation", line: 4, column: 7)]
        let sink = try Fixture.run(Fixture.directory(), [request])
        #expect(sink.outcomes.first?.status == .failed)
        #expect(sink.outcomes.first?.errors.first?.column == 7)
    }
}
