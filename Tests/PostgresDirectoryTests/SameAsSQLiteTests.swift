import DirectoryConformance
import Foundation
@testable import PostgresDirectory
import Provisioning
import SQLiteDirectory
import Testing

/// The same calls on SQLite and on PostgreSQL give the same answers: the reads of the
/// inspection seam (audit pages, user counts, every user of a query, purge candidates), the
/// Graph imports, the admin changes and their refusals, and the audit details written.
@Suite(.enabled(if: TestDatabase.enabled, TestDatabase.skipReason))
struct SameAsSQLiteTests {
    /// Everything a store answers in the scenario, ids left out.
    struct Answers: Equatable {
        var log: [String] = []
    }

    static func scenario(_ store: any ProvisionStore, answers: inout Answers) throws {
        let actor = AdminActor(operatorName: "ops", role: .adminAgent, batchID: "admin-1", now: Make.now)
        func note(_ text: String) { answers.log.append(text) }
        func attempt(_ what: String, _ body: () throws -> Any) {
            do { note("\(what): \(try body())") } catch { note("\(what) threw \(error)") }
        }
        attempt("add fabrikam") {
            try AdminPolicy.addCustomers([Customer(id: "fabrikam", name: "Fabrikam", domains: ["fabrikam.com", "Fab.example"],
                                                   defaultUsageLocation: "us")], by: actor, in: store)
        }
        attempt("add taken domain") {
            try AdminPolicy.addDomains(customerID: "contoso", ["fabrikam.com"], by: actor, in: store)
        }
        attempt("add domains") { try AdminPolicy.addDomains(customerID: "contoso", ["contoso.net", "CONTOSO.net"], by: actor, in: store) }
        attempt("update") { try AdminPolicy.updateCustomer(id: "contoso", name: "Contoso 2", location: "jp", by: actor, in: store).changed }
        let users = (1...7).map { Make.user("user\($0)", id: $0, licenses: $0 <= 2 ? ["SPE_E3"] : ["EXCHANGESTANDARD"]) }
        attempt("apply") { try store.apply(Make.batch(try users.map { try Make.create($0) })) }
        attempt("delete") { try store.apply(Make.batch([Make.set(users[0], [.delete], key: "d1"), Make.set(users[4], [.delete], key: "d5")])) }
        attempt("remove used domain") { try AdminPolicy.removeDomains(customerID: "contoso", ["contoso.com"], by: actor, in: store) }
        attempt("remove domain") { try AdminPolicy.removeDomains(customerID: "contoso", ["contoso.net"], by: actor, in: store) }
        attempt("reduce seats") {
            try AdminPolicy.setSeats([Subscription(customerID: "contoso", partNumber: "EXCHANGESTANDARD", seats: 1)], force: false,
                                     by: actor, in: store)
        }
        attempt("force seats") {
            try AdminPolicy.setSeats([Subscription(customerID: "contoso", partNumber: "EXCHANGESTANDARD", seats: 3)], force: true,
                                     by: actor, in: store)
        }
        var graph = users[1]
        graph.attributes.displayName = "From Graph"
        graph.licenses = [LicenseAssignment(partNumber: "EXCHANGESTANDARD", disabledPlans: ["EXCHANGE_S_STANDARD"])]
        let newcomer = Make.user("graph-new", id: 50, licenses: ["SPE_E3"])
        var restored = users[4]
        restored.licenses = []
        var clash = Make.user("user3", id: 51)
        clash.objectID = "00000000-0000-4000-8000-000000000099"
        attempt("import users") {
            try AdminPolicy.importUsers([graph, newcomer, restored], customerID: "contoso", by: actor, into: store)
        }
        attempt("import clash") { try AdminPolicy.importUsers([clash], customerID: "contoso", by: actor, into: store) }
        attempt("import seats") {
            try AdminPolicy.importSeats([("SPE_E3", 9), ("EXCHANGESTANDARD", 3)], customerID: "contoso", by: actor, into: store)
        }
        attempt("import unknown seats") { try AdminPolicy.importSeats([("NOPE", 1)], customerID: "contoso", by: actor, into: store) }
        note("seats \(try store.seatUsage(customerID: "contoso"))")
        note("counts \(try store.userCounts(customerID: "contoso"))")
        note("customers \(try store.customers())")
        note("owner \(String(describing: try store.domainOwner("FAB.example")))")
        var streamed: [String] = []
        try store.forEachUser(customerID: "contoso", query: UserQuery(sort: .displayName), total: { streamed.append("total \($0)") }) {
            streamed.append("\($0.userPrincipalName) \($0.attributes.displayName) \($0.licenses)")
        }
        note("stream \(streamed)")
        note("deleted \(try store.listUsers(customerID: "contoso", query: UserQuery(filter: .deleted)).users.map(\.userPrincipalName))")
        note("purge candidates \(try store.purgeCandidates(customerID: "contoso", deletedBefore: Make.now.addingTimeInterval(1)))")
        for newestFirst in [true, false] {
            let page = try store.auditEntries(AuditQuery(customerID: "contoso", newestFirst: newestFirst, page: 2, pageSize: 4))
            note("audit page \(page.total) \(page.pageCount) \(page.entries.map { "\($0.action) \($0.userPrincipalName ?? "-") \($0.detail)" })")
        }
        let filtered = try store.auditEntries(AuditQuery(customerID: "contoso", batchID: "admin-1", operatorName: "ops",
                                                         since: "2026-11-01T00:00:00.000Z", pageSize: 100))
        note("audit filtered \(filtered.entries.map { "\($0.at) \($0.action) \($0.role) \($0.detail)" })")
        let lookups = try store.openLookups()
        note("lookups \(try lookups.users(customerID: "contoso", principalNames: ["USER2@contoso.com"]).map(\.attributes.displayName))")
        note("schema \(store.schemaVersion > 0)")
    }

    @Test func theSameScenarioGivesTheSameAnswers() throws {
        let directory = NSTemporaryDirectory() + "provision-same-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let seed = ConformanceSeed.standard
        let sqlite = try SQLiteDirectory.create(path: directory + "/provision.sqlite")
        _ = try sqlite.importCatalog(seed.products)
        try sqlite.addCustomer(seed.customer)
        for (product, seats) in seed.seats.sorted(by: { $0.key < $1.key }) {
            try sqlite.setSeats(customerID: seed.customer.id, partNumber: product, seats: seats)
        }
        var expected = Answers()
        try Self.scenario(sqlite, answers: &expected)
        try TestDatabase.withSchema { conninfo in
            let postgres = try PostgresFixture.store(conninfo)
            var answers = Answers()
            try Self.scenario(postgres, answers: &answers)
            for (index, line) in expected.log.enumerated() {
                #expect(index < answers.log.count && answers.log[index] == line,
                        "SQLite: \(line)\nPostgreSQL: \(index < answers.log.count ? answers.log[index] : "nothing")")
            }
            #expect(answers.log.count == expected.log.count)
            #expect(try postgres.integrityProblems().isEmpty)
        }
    }
}
