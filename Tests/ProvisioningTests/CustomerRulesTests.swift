import Testing
@testable import Provisioning

/// The slug rule of customer ids and the domain rule (RFC 1035 labels, at most 48 characters).
@Suite struct CustomerRulesTests {
    @Test(arguments: ["contoso", "fabrikam-de", "c1", "a-b-c", "0day", String(repeating: "a", count: 64)])
    func slugsAreCustomerIDs(id: String) {
        #expect(CustomerRules.checkID(id) == nil)
    }

    @Test(arguments: ["", "a", "Contoso", "-a", "a-", "a_b", "a.b", "a b", "ä1", String(repeating: "a", count: 65)])
    func anythingElseIsRefusedNamingTheIDField(id: String) {
        let problem = CustomerRules.checkID(id)
        #expect(problem?.field == "Id")
        #expect(problem?.message.contains("'\(id)'") == true)
    }

    @Test(arguments: ["contoso.com", "contoso.com.tw", "xn--bcher-kva.example", "1and1.de", "a-b.example",
                      String(repeating: "a", count: 40) + ".example"])
    func domainNamesAreDomains(domain: String) {
        #expect(CustomerRules.checkDomain(domain) == nil)
    }

    @Test(arguments: ["", "com", "a..b", ".a.b", "a.b.", "-a.b", "a-.b", "a_b.c", "a b.c", "1.2.3.4", "bücher.de",
                      String(repeating: "a", count: 41) + ".example"])
    func malformedDomainsAreRefusedNamingTheDomainsField(domain: String) {
        #expect(CustomerRules.checkDomain(domain)?.field == "Domains")
    }

    @Test func aCustomerNeedsADomainAndNoneTwice() {
        #expect(CustomerRules.check(Customer(id: "acme", name: "Acme", domains: [], defaultUsageLocation: "TW"))?.field
                == "Domains")
        #expect(CustomerRules.check(Customer(id: "acme", name: "Acme", domains: ["a.example", "A.EXAMPLE"],
                                             defaultUsageLocation: "TW"))?.message.contains("listed twice") == true)
        #expect(CustomerRules.check(Customer(id: "acme", name: "Acme", domains: ["a.example"], defaultUsageLocation: "ZZ"))?
            .field == "DefaultUsageLocation")
        #expect(CustomerRules.check(Customer(id: "acme", name: "Acme", domains: ["a.example"], defaultUsageLocation: "tw"))
                == nil)
    }
}
