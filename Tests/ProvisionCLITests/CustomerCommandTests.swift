import Foundation
import Testing
import Provisioning
import SQLiteDirectory
@testable import ProvisionCLI

/// `customers add|update|import` and `customers domains add|remove`, through the command line.
@Suite struct CustomerCommandTests {
    /// An empty store with the sample catalog.
    static func empty() throws -> CLIWorkspace {
        let workspace = try CLIWorkspace()
        #expect(workspace.run(["init"]).code == .success)
        #expect(workspace.run(["catalog", "import", CLIWorkspace.sampleData + "/catalog.csv"]).code == .success)
        return workspace
    }

    /// (After `--`, an id that starts with '-' is the argument, refused as a slug, not an option.)
    static func add(_ id: String, location: String = "TW", domains: String = "acme.example") -> [String] {
        let options = ["--name", "Acme Ltd.", "--location", location, "--domains", domains]
        return id.hasPrefix("-") ? ["customers", "add"] + options + ["--", id] : ["customers", "add", id] + options
    }

    @Test func addStoresTheCustomerWithItsLocationFromACountryNameAndAuditsIt() throws {
        let workspace = try Self.empty()
        let added = workspace.run(Self.add("acme", location: "taiwan", domains: "Acme.example, acme.com.tw"))
        #expect(added.code == .success, "\(added.errors)")
        #expect(added.output.hasPrefix("added customer acme: Acme Ltd., location TW, domains acme.example, acme.com.tw\n"))
        #expect(added.output.contains("next: provision subscriptions set --customer acme"))
        let store = try SQLiteDirectory(path: workspace.storePath)
        let customer = try #require(try store.customer(id: "acme"))
        #expect(customer.defaultUsageLocation == "TW")
        #expect(customer.domains == ["acme.example", "acme.com.tw"])
        let entry = try #require(try store.auditLog(customerID: "acme").last)
        #expect(entry.action == "customer-add")
        #expect(entry.operatorName == "tester" && entry.role == "admin-agent" && entry.objectID == nil)
        #expect(entry.detail == #"{"name":"Acme Ltd.","defaultUsageLocation":"TW","domains":["acme.example","acme.com.tw"]}"#)
        #expect(entry.batchID.hasPrefix("admin-"))
    }

    @Test func addPrintsJSON() throws {
        let workspace = try Self.empty()
        let json = try workspace.json(Self.add("acme") + ["--format", "json"]) as? [String: Any]
        let added = try #require(json?["added"] as? [String: Any])
        #expect(added["id"] as? String == "acme")
        #expect(added["domains"] as? [String] == ["acme.example"])
        #expect(workspace.run(Self.add("acme2", domains: "acme2.example") + ["--format", "xml"]).errors
                == "provision: error: --format 'xml': use text or json\n")
    }

    @Test(arguments: [
        ("Acme", "use 'acme'"), ("a", "e.g. contoso or fabrikam-de"), ("-acme", "e.g. contoso or fabrikam-de"), ("acme-", "e.g. contoso or fabrikam-de"),
        ("ac_me", "e.g. contoso or fabrikam-de"), (String(repeating: "a", count: 65), "e.g. contoso or fabrikam-de"),
        ("acmé", "e.g. contoso or fabrikam-de"),
    ])
    func anIdThatIsNotASlugIsRefusedNamingTheRule(id: String, fix: String) throws {
        let workspace = try Self.empty()
        let result = workspace.run(Self.add(id))
        #expect(result.code == .usageOrInput)
        #expect(result.errors == "provision: error: customers add: ID: customer id '\(id)' must be 2-64 of lower-case a-z, "
                + "0-9 and '-', not starting or ending with '-'; \(fix)\n")
        #expect(try SQLiteDirectory(path: workspace.storePath).customers().isEmpty)
    }

    @Test(arguments: [
        ("a..example", "is not a domain name"), ("-a.example", "is not a domain name"), ("a-.example", "is not a domain name"),
        ("example", "is not a domain name"), ("a b.example", "is not a domain name"), ("10.0.0.1", "ends in a numeric label '1'"),
        (String(repeating: "a", count: 41) + ".example", "is longer than 48 characters (49)"),
        ("bücher.example", "is not ASCII"),
    ])
    func aMalformedDomainIsRefusedNamingIt(domain: String, problem: String) throws {
        let workspace = try Self.empty()
        let result = workspace.run(Self.add("acme", domains: "acme.example," + domain))
        #expect(result.code == .usageOrInput)
        #expect(result.errors.hasPrefix("provision: error: customers add: --domains: domain '\(domain)' \(problem)"),
                "\(result.errors)")
        #expect(try SQLiteDirectory(path: workspace.storePath).customers().isEmpty)
    }

    @Test func aLocationThatIsNeitherCodeNorCountryIsRefused() throws {
        let workspace = try Self.empty()
        let result = workspace.run(Self.add("acme", location: "Atlantis"))
        #expect(result.code == .usageOrInput)
        #expect(result.errors == "provision: error: --location: location 'Atlantis' is not an ISO 3166-1 alpha-2 country "
                + "code or a country name; use a two-letter code such as TW, DE or US, or a name such as Taiwan\n")
        #expect(workspace.run(Self.add("acme", location: "XX")).errors.contains("location 'XX' is not"))
        #expect(try SQLiteDirectory(path: workspace.storePath).customers().isEmpty)
    }

    @Test func aDomainAnotherCustomerOwnsIsRefusedNamingThatCustomer() throws {
        let workspace = try CLIWorkspace.sample()
        let result = workspace.run(Self.add("acme", domains: "acme.example,CONTOSO.com.tw"))
        #expect(result.code == .usageOrInput)
        #expect(result.errors == "provision: error: customers add: --domains: domain 'contoso.com.tw' is already a verified "
                + "domain of customer contoso; a domain belongs to one customer; remove it from contoso first\n")
        #expect(try SQLiteDirectory(path: workspace.storePath).customer(id: "acme") == nil)
        #expect(workspace.run(Self.add("contoso", domains: "new.example")).errors
                == "provision: error: customers add: ID: customer id 'contoso' is already taken\n")
        #expect(workspace.run(Self.add("acme", domains: "a.example,A.example")).errors
                .contains("domain 'a.example' is listed twice for customer acme"))
    }

    @Test func addNeedsNameLocationAndDomains() throws {
        let workspace = try Self.empty()
        let result = workspace.run(["customers", "add", "acme", "--name", "Acme"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors.hasPrefix("provision: error: --location XX is required"), "\(result.errors)")
        #expect(workspace.run(["customers", "add", "acme", "--name", " ", "--location", "TW", "--domains", "a.example"]).errors
                == "provision: error: customers add: --name: a customer needs a name\n")
    }

    @Test func updateChangesNameAndLocationAndOnlyTheLocationMakesPlansStale() throws {
        let workspace = try CLIWorkspace.sample()
        let store = try SQLiteDirectory(path: workspace.storePath)
        let counter = try store.changeCounter(customerID: "fabrikam")
        let renamed = workspace.run(["customers", "update", "fabrikam", "--name", "Fabrikam AG"])
        #expect(renamed.output == "updated customer fabrikam: Fabrikam AG, location DE\n", "\(renamed.errors)")
        #expect(try store.changeCounter(customerID: "fabrikam") == counter)
        let json = try workspace.json(["customers", "update", "fabrikam", "--location", "Austria", "--format", "json"])
            as? [String: Any]
        #expect(json?["changed"] as? [String] == ["DefaultUsageLocation"])
        #expect((json?["customer"] as? [String: Any])?["defaultUsageLocation"] as? String == "AT")
        #expect(try store.changeCounter(customerID: "fabrikam") == counter + 1)
        #expect(workspace.run(["customers", "update", "fabrikam", "--location", "AT"]).output
                == "unchanged customer fabrikam: Fabrikam AG, location AT\n")
        let audit = try store.auditLog(customerID: "fabrikam").filter { $0.action == "customer-update" }
        #expect(audit.map(\.detail) == [#"{"name":"Fabrikam AG","previousName":"Fabrikam GmbH"}"#,
                                        #"{"defaultUsageLocation":"AT","previousDefaultUsageLocation":"DE"}"#])
        #expect(workspace.run(["customers", "update", "fabrikam"]).errors
                == "provision: error: customers update: give --name NAME and/or --location XX\n")
        #expect(workspace.run(["customers", "update", "nobody", "--name", "X"]).errors.contains("unknown customer 'nobody'"))
        #expect(workspace.run(["customers", "update", "fabrikam", "--location", "Atlantis"]).code == .usageOrInput)
    }

    @Test func domainsAddVerifiesMoreAndMakesPlansStale() throws {
        let workspace = try CLIWorkspace.sample()
        let store = try SQLiteDirectory(path: workspace.storePath)
        let counter = try store.changeCounter(customerID: "fabrikam")
        let added = workspace.run(["customers", "domains", "add", "fabrikam", "Fabrikam.at", "fabrikam.de"])
        #expect(added.output == "fabrikam: added fabrikam.at\nfabrikam signs in with: fabrikam.de, fabrikam.at\n",
                "\(added.errors)")
        #expect(try store.changeCounter(customerID: "fabrikam") == counter + 1)
        #expect(try store.auditLog(customerID: "fabrikam").last?.detail == #"{"domain":"fabrikam.at"}"#)
        let again = workspace.run(["customers", "domains", "add", "fabrikam", "fabrikam.at"])
        #expect(again.output.hasPrefix("fabrikam: no domain added (already as asked)\n"))
        #expect(try store.changeCounter(customerID: "fabrikam") == counter + 1)
        let taken = workspace.run(["customers", "domains", "add", "fabrikam", "contoso.com"])
        #expect(taken.code == .usageOrInput)
        #expect(taken.errors.contains("DOMAIN: domain 'contoso.com' is already a verified domain of customer contoso"))
        #expect(workspace.run(["customers", "domains", "add", "fabrikam", "bad..de"]).errors
                .contains("domain 'bad..de' is not a domain name"))
        let json = try workspace.json(["customers", "domains", "add", "fabrikam", "fabrikam.ch", "--format", "json"])
            as? [String: Any]
        #expect(json?["added"] as? [String] == ["fabrikam.ch"])
    }

    @Test func domainsRemoveIsRefusedWhileActiveUsersSignInWithItNamingHowMany() throws {
        let workspace = try CLIWorkspace.sample()
        let store = try SQLiteDirectory(path: workspace.storePath)
        let users = try store.listUsers(customerID: "contoso", query: UserQuery(filter: .all, pageSize: 1000)).users
            .filter { $0.userPrincipalName.lowercased().hasSuffix("@contoso.com.tw") }.count
        #expect(users > 1)
        let counter = try store.changeCounter(customerID: "contoso")
        let refused = workspace.run(["customers", "domains", "remove", "contoso", "contoso.com.tw"])
        #expect(refused.code == .usageOrInput)
        #expect(refused.errors == "provision: error: customers domains remove: DOMAIN: domain 'contoso.com.tw' of customer "
                + "contoso is still the sign-in domain of \(users) active users; give those users a user name on another "
                + "domain, or delete them, first\n")
        #expect(try store.customer(id: "contoso")?.domains == ["contoso.com", "contoso.com.tw"])
        #expect(try store.changeCounter(customerID: "contoso") == counter)
        #expect(workspace.run(["customers", "domains", "remove", "contoso", "nothere.example"]).errors
                .contains("'nothere.example' is not a verified domain of customer contoso; its domains are: contoso.com, contoso.com.tw"))
    }

    @Test func domainsRemoveTakesAnUnusedDomainButNeverTheLast() throws {
        let workspace = try CLIWorkspace.sample()
        let store = try SQLiteDirectory(path: workspace.storePath)
        #expect(workspace.run(["customers", "domains", "add", "fabrikam", "fabrikam.at"]).code == .success)
        let counter = try store.changeCounter(customerID: "fabrikam")
        let removed = workspace.run(["customers", "domains", "remove", "fabrikam", "FABRIKAM.AT"])
        #expect(removed.output == "fabrikam: removed fabrikam.at\nfabrikam signs in with: fabrikam.de\n", "\(removed.errors)")
        #expect(try store.changeCounter(customerID: "fabrikam") == counter + 1)
        #expect(try store.auditLog(customerID: "fabrikam").last?.action == "domain-remove")
        #expect(workspace.run(["customers", "domains", "add", "fabrikam", "fabrikam.ch"]).output
                .hasSuffix("fabrikam signs in with: fabrikam.de, fabrikam.ch\n"))
        let last = try CustomerCommandTests.empty()
        #expect(last.run(Self.add("acme")).code == .success)
        let refused = last.run(["customers", "domains", "remove", "acme", "acme.example"])
        #expect(refused.errors == "provision: error: customers domains remove: DOMAIN: customer acme needs at least one "
                + "verified domain; 'acme.example' is its only one; add the new domain before removing the old one\n")
    }

    @Test func importAddsEveryCustomerOfTheFileInOneBatch() throws {
        let workspace = try Self.empty()
        workspace.write("customers.csv", """
            Id,Name,DefaultUsageLocation,Domains
            acme,Acme Ltd.,Taiwan,acme.example;acme.com.tw
            globex,Globex GmbH,DE,globex.de

            """)
        let result = workspace.run(["customers", "import", "customers.csv"])
        #expect(result.output == "imported customers.csv: 2 customers (acme, globex)\n", "\(result.errors)")
        let store = try SQLiteDirectory(path: workspace.storePath)
        #expect(try store.customers().map(\.id) == ["acme", "globex"])
        #expect(try store.customer(id: "acme")?.defaultUsageLocation == "TW")
        let audit = try store.auditLog()
        #expect(audit.map(\.action) == ["customer-add", "customer-add"])
        #expect(Set(audit.map(\.batchID)).count == 1)
        let stdin = workspace.run(["customers", "import", "-", "--format", "json"],
                                  stdin: "Id,Name,DefaultUsageLocation,Domains\ninitech,Initech,US,initech.example\n")
        #expect(stdin.code == .success, "\(stdin.errors)")
        #expect(stdin.output.contains("\"initech\""))
    }

    @Test(arguments: [
        ("globex,Globex,DE,globex..de", "bad.csv:3:4: domain 'globex..de' is not a domain name"),
        ("globex,Globex,Atlantis,globex.de", "bad.csv:3:3: location 'Atlantis' is not an ISO 3166-1 alpha-2"),
        ("Globex,Globex,DE,globex.de", "bad.csv:3:1: customer id 'Globex' must be 2-64"),
        ("acme,Acme again,DE,globex.de", "bad.csv:3:1: customer id 'acme' is already taken"),
        ("globex,Globex,DE,acme.example", "bad.csv:3:4: domain 'acme.example' is already a verified domain of customer acme"),
        ("globex,,DE,globex.de", "bad.csv:3:2: a customer needs a name"),
    ])
    func importIsAllOrNothingNamingTheLineAndColumnOfABadRow(row: String, error: String) throws {
        let workspace = try Self.empty()
        workspace.write("bad.csv", "Id,Name,DefaultUsageLocation,Domains\nacme,Acme Ltd.,TW,acme.example\n\(row)\n")
        let result = workspace.run(["customers", "import", "bad.csv"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors.hasPrefix("provision: error: \(error)"), "\(result.errors)")
        let store = try SQLiteDirectory(path: workspace.storePath)
        #expect(try store.customers().isEmpty)
        #expect(try store.auditLog().isEmpty)
    }

    @Test func importNamesAMissingColumn() throws {
        let workspace = try Self.empty()
        workspace.write("few.csv", "Id,Name\nacme,Acme\n")
        let result = workspace.run(["customers", "import", "few.csv"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors.contains("few.csv:1: missing column DefaultUsageLocation"))
    }

    @Test func onlyAnAdminAgentOrGlobalAdminManagesCustomers() throws {
        let workspace = try CLIWorkspace.sample()
        for role in ["helpdesk-agent", "user-management-admin", "sales-agent"] {
            let result = workspace.run(Self.add("acme") + ["--as", role])
            #expect(result.code == .usageOrInput)
            #expect(result.errors == "provision: error: role \(role) may not add or change customers and their domains; "
                    + "run as one of: admin-agent, global-admin (--as ROLE)\n")
            #expect(workspace.run(["customers", "domains", "add", "fabrikam", "fabrikam.at", "--as", role]).code == .usageOrInput)
        }
        #expect(try SQLiteDirectory(path: workspace.storePath).customer(id: "acme") == nil)
        #expect(workspace.run(Self.add("acme") + ["--as", "global-admin"]).code == .success)
        #expect(try SQLiteDirectory(path: workspace.storePath).auditLog(customerID: "acme").last?.role == "global-admin")
    }

    @Test func initWithoutSampleSaysWhatToRunNext() throws {
        let workspace = try CLIWorkspace()
        let output = workspace.run(["init"]).output
        for step in ["provision catalog import FILE", "provision customers add ID", "provision subscriptions set --customer ID",
                     "docs/onboarding.md"] {
            #expect(output.contains(step), "\(step)")
        }
    }
}
