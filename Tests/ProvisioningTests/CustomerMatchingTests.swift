import Testing
@testable import Provisioning

/// Customer ids as people type them: in any case, with a did-you-mean.
@Suite("Customer matching")
struct CustomerMatchingTests {
    private static let customers = [Fixture.contoso, Fixture.fabrikam]

    @Test(arguments: [("contoso", "contoso"), ("CONTOSO", "contoso"), ("Fabrikam", "fabrikam"), ("nope", nil)])
    func idsMatchIgnoringCase(typed: String, id: String?) {
        #expect(Customer.matching(typed, in: Self.customers)?.id == id)
    }

    @Test func anExactIdWinsAndTwoThatDifferOnlyInCaseAreNeither() {
        let upper = Customer(id: "Contoso", name: "Other", domains: ["other.com"], defaultUsageLocation: "US")
        let both = [Fixture.contoso, upper]
        #expect(Customer.matching("Contoso", in: both)?.name == "Other")
        #expect(Customer.matching("contoso", in: both)?.name == "Contoso")
        #expect(Customer.matching("CONTOSO", in: both) == nil)
    }

    @Test func unknownIdsSuggestTheClosest() {
        #expect(Customer.closestIDs(to: "contso", among: ["contoso", "fabrikam"]) == ["contoso"])
        #expect(Customer.closestIDs(to: "acme", among: ["contoso", "fabrikam"]).isEmpty)
        #expect(JobError.unknownCustomer("contso", known: ["contoso", "fabrikam"]).description
                == "unknown customer 'contso' (known: contoso, fabrikam); did you mean contoso?")
    }

    @Test func aCustomerColumnInAnotherCaseIsTheCustomer() throws {
        let directory = Fixture.directory()
        let sink = try Fixture.run(directory, [
            Fixture.request(.create, "a@fabrikam.de", line: 2, customer: "FABRIKAM"),
            Fixture.request(.create, "b@contoso.com", line: 3, customer: "Contoso"),
            Fixture.request(.create, "c@fabrikam.de", line: 4, customer: "fabrikam"),
            Fixture.request(.create, "d@contoso.com", line: 5, customer: "contso"),
        ], customer: nil)
        #expect(sink.outcomes.map(\.customerID) == ["fabrikam", "fabrikam", "contoso", "contso"])
        #expect(sink.outcomes.map(\.status) == [.succeeded, .succeeded, .succeeded, .failed])
        #expect(sink.outcomes.last?.errors.first?.fix == "did you mean contoso?")
        #expect(directory.allUsers.first { $0.userPrincipalName == "a@fabrikam.de" }?.attributes.usageLocation == "DE")
    }

    @Test func aCustomerOptionInAnotherCaseIsTheCustomer() throws {
        let directory = Fixture.directory()
        let sink = try Fixture.run(directory, [Fixture.request(.create, "a@contoso.com", line: 2)], customer: "CONTOSO")
        #expect(sink.outcomes.map(\.customerID) == ["contoso"])
        #expect(sink.outcomes.map(\.status) == [.succeeded])
    }
}
