import Foundation
import Provisioning

/// The bodies of ``StoreConformance``'s checks, one function each, named as the checks.
enum StoreChecks {
    static func actor(_ h: Harness, role: OperatorRole = .adminAgent, batch: String = "admin") -> AdminActor {
        AdminActor(operatorName: "conformance", role: role, batchID: batch, now: h.now)
    }

    /// A batch of customers is all or nothing and names the refused one; domains are added and
    /// removed as asked, and one users still sign in with is refused.
    static func adminAllOrNothing(_ h: Harness, _ store: any ProvisionStore) throws {
        let acme = Customer(id: "acme", name: "Acme", domains: ["acme.example"], defaultUsageLocation: "US")
        let taken = Customer(id: "globex", name: "Globex", domains: ["contoso.com"], defaultUsageLocation: "DE")
        do {
            try store.addCustomers([acme, taken], by: actor(h))
            h.fail("a customer with another customer's domain was added")
        } catch let refusal as AdminBatchRefusal {
            h.expect(refusal.index == 1, "the refusal names the second customer, not \(refusal.index)")
        }
        h.expect(try store.customers().map(\.id) == [h.customerID], "a refused batch adds no customer")
        try store.addCustomers([acme], by: actor(h))
        h.expect(try store.customers().map(\.id) == ["acme", h.customerID], "customers sorted by id")
        h.expect(try store.domainOwner("acme.example") == "acme", "the new customer owns its domain")
        let added = try store.addDomains(customerID: "acme", ["acme.example", "Acme.Test"], by: actor(h))
        h.expect(added == ["acme.test"], "only the new domain is added, lower-cased: got \(added)")
        let updated = try store.updateCustomer(id: "acme", name: "Acme Corp", location: nil, by: actor(h))
        h.expect(updated.customer.name == "Acme Corp" && updated.changed == ["Name"],
                 "updateCustomer changes the name only: got \(updated)")
        try h.applied(try h.create(h.newUser("amy")), "create a user on contoso.com")
        h.expect(try store.activeUsers(customerID: h.customerID, signingInWith: "CONTOSO.com") == 1,
                 "one active user signs in with contoso.com")
        do {
            _ = try store.removeDomains(customerID: h.customerID, ["contoso.com"], by: actor(h))
            h.fail("a domain an active user signs in with was removed")
        } catch is Violation {}
        let removed = try store.removeDomains(customerID: "acme", ["acme.test"], by: actor(h))
        h.expect(removed == ["acme.test"], "removeDomains returns what it removed: got \(removed)")
    }

    /// Seats are set all or nothing; a cut below the assigned seats needs `force`; the store
    /// takes any actor's change (the role is checked above it) and logs the role.
    static func seatsSetAndRefused(_ h: Harness, _ store: any ProvisionStore) throws {
        try h.applied(try h.create(h.newUser("amy", licenses: ["SPE_E3"])), "create amy")
        try h.applied(try h.create(h.newUser("bob", licenses: ["SPE_E3"])), "create bob")
        let cut = [Subscription(customerID: h.customerID, partNumber: "EXCHANGESTANDARD", seats: 9),
                   Subscription(customerID: h.customerID, partNumber: "SPE_E3", seats: 1)]
        do {
            _ = try store.setSeats(cut, force: false, by: actor(h))
            h.fail("a cut below the assigned seats was taken without force")
        } catch let refusal as AdminBatchRefusal {
            h.expect(refusal.index == 1, "the refusal names the second subscription, not \(refusal.index)")
        }
        let purchased = { (product: String) in try store.seatUsage(customerID: h.customerID).first { $0.partNumber == product }?.purchased }
        h.expect(try purchased("EXCHANGESTANDARD") == 5, "a refused batch changes no seats")
        let changes = try store.setSeats(cut, force: true, by: actor(h, role: .salesAgent, batch: "forced"))
        h.expect(changes.map(\.after) == [9, 1] && changes.last?.assigned == 2 && changes.last?.overAssigned == 1,
                 "forced: seats 9 and 1, SPE_E3 over-assigned by 1: got \(changes)")
        h.expect(try purchased("SPE_E3") == 1, "the forced cut is stored")
        let roles = try store.auditEntries(AuditQuery(customerID: h.customerID, batchID: "forced")).entries.map(\.role)
        h.expect(roles == ["sales-agent", "sales-agent"], "the store logs the role it was given: got \(roles)")
    }

    /// User counts, every user in one pass, and the purge candidates, which are what purge removes.
    static func inspection(_ h: Harness, _ store: any ProvisionStore) throws {
        let amy = h.newUser("amy"), bob = h.newUser("bob"), carol = h.newUser("carol")
        try h.apply([try h.create(carol), try h.create(amy), try h.create(bob)])
        try h.applied(h.set(bob, [.delete], key: "delete bob"), "delete bob")
        let counts = try store.userCounts(customerID: h.customerID)
        h.expect(counts.active == 2 && counts.deleted == 1, "2 active, 1 deleted: got \(counts)")
        var total = -1
        var names: [String] = []
        try store.forEachUser(customerID: h.customerID, query: UserQuery(), total: { total = $0 }) { names.append($0.userPrincipalName) }
        h.expect(total == 2 && names == [amy.userPrincipalName, carol.userPrincipalName],
                 "forEachUser: the 2 active users by name, total 2: got \(total) \(names)")
        var deleted: [String] = []
        try store.forEachUser(customerID: h.customerID, query: UserQuery(filter: .deleted), total: { _ in }) {
            deleted.append($0.objectID)
        }
        h.expect(deleted == [bob.objectID], "forEachUser .deleted: bob: got \(deleted)")
        h.advance(days: 31)
        let cutoff = h.now.addingTimeInterval(-30 * 86_400)
        let candidates = try store.purgeCandidates(customerID: h.customerID, deletedBefore: cutoff)
        h.expect(candidates.map(\.objectID) == [bob.objectID], "the purge candidate is bob: got \(candidates)")
        h.expect(try store.userCounts(customerID: h.customerID).deleted == 1, "listing candidates writes nothing")
        let purged = try store.purge(customerID: h.customerID, deletedBefore: cutoff, role: .adminAgent,
                                     operatorName: "conformance", batchID: "purge", now: h.now)
        h.expect(purged == candidates.count, "purge removes the candidates: \(purged) of \(candidates.count)")
        h.expect(try store.purgeCandidates(customerID: h.customerID, deletedBefore: cutoff).isEmpty, "none left")
    }

    /// The audit log page by page, newest or oldest first, filtered by batch and operator.
    static func auditPages(_ h: Harness, _ store: any ProvisionStore) throws {
        try h.apply([try h.create(h.newUser("amy")), try h.create(h.newUser("bob"))], batch: "b1")
        h.advance(days: 1)
        try h.apply([try h.create(h.newUser("carol"))], batch: "b2")
        let all = try store.auditEntries(AuditQuery(customerID: h.customerID, pageSize: 2))
        h.expect(all.total == 3 && all.entries.count == 2 && all.pageCount == 2, "3 entries, 2 a page: got \(all)")
        h.expect(all.entries.first?.batchID == "b2", "newest first by default")
        let oldest = try store.auditEntries(AuditQuery(customerID: h.customerID, newestFirst: false, page: 2, pageSize: 2))
        h.expect(oldest.entries.map(\.batchID) == ["b2"], "oldest first, page 2: the last entry: got \(oldest.entries)")
        let b1 = try store.auditEntries(AuditQuery(customerID: h.customerID, batchID: "b1"))
        h.expect(b1.total == 2 && b1.entries.allSatisfy { $0.action == "create" && $0.operatorName == "conformance" },
                 "batch b1: its 2 creates: got \(b1.entries)")
        h.expect(try store.auditEntries(AuditQuery(customerID: h.customerID, operatorName: "nobody")).total == 0,
                 "another operator: none")
        let detail = b1.entries.first?.detail ?? ""
        h.expect(detail.hasPrefix("{") && !detail.contains("Tz4#kP9q"), "the detail is JSON and holds no password")
    }

    /// Graph imports: users created as given with no password, the same import again unchanged,
    /// a name another user holds refused whole; seats set, an unknown product refused whole.
    static func graphImports(_ h: Harness, _ store: any ProvisionStore) throws {
        let amy = h.newUser("amy", licenses: ["SPE_E3"]), bob = h.newUser("bob")
        let first = try store.importUsers([amy, bob], customerID: h.customerID, operatorName: "conformance",
                                          role: .adminAgent, batchID: "graph-1", now: h.now)
        h.expect(first.created == 2 && first.licensesAdded == 1, "2 created, 1 license: got \(first)")
        h.expect(try h.user(amy)?.licenses.map(\.partNumber) == ["SPE_E3"], "amy holds SPE_E3 as imported")
        let again = try store.importUsers([amy, bob], customerID: h.customerID, operatorName: "conformance",
                                          role: .adminAgent, batchID: "graph-2", now: h.now)
        h.expect(again.unchanged == 2 && again.created == 0, "the same import again: 2 unchanged: got \(again)")
        var clash = h.newUser("carol")
        clash.userPrincipalName = bob.userPrincipalName
        do {
            _ = try store.importUsers([h.newUser("dave"), clash], customerID: h.customerID, operatorName: "conformance",
                                      role: .adminAgent, batchID: "graph-3", now: h.now)
            h.fail("an import of a name another active user holds was taken")
        } catch let refusal as UserImportRefusal {
            h.expect(refusal.index == 1, "the refusal names the second user, not \(refusal.index)")
        }
        h.expect(try store.userCounts(customerID: h.customerID).active == 2, "a refused import adds no user")
        let seats = try store.importSeats([("SPE_E3", 7), ("EXCHANGESTANDARD", 5)], customerID: h.customerID,
                                          operatorName: "conformance", role: .adminAgent, batchID: "graph-4", now: h.now)
        h.expect(seats == [SeatImportChange(partNumber: "SPE_E3", before: 2, after: 7),
                           SeatImportChange(partNumber: "EXCHANGESTANDARD", before: 5, after: 5)],
                 "seats before and after: got \(seats)")
        do {
            _ = try store.importSeats([("SPE_E3", 1), ("NOPE", 1)], customerID: h.customerID, operatorName: "conformance",
                                      role: .adminAgent, batchID: "graph-5", now: h.now)
            h.fail("an import of an unknown product was taken")
        } catch StoreError.unknownProduct(let product) {
            h.expect(product == "NOPE", "the unknown product is named: \(product)")
        }
        h.expect(try store.seatUsage(customerID: h.customerID).first { $0.partNumber == "SPE_E3" }?.purchased == 7,
                 "a refused seat import changes nothing")
    }

    /// The look-up connection is the same store and sees what the first one commits later.
    static func lookupsSeeCommits(_ h: Harness, _ store: any ProvisionStore) throws {
        let lookups = try store.openLookups()
        h.expect(store.schemaVersion > 0, "a schema version: got \(store.schemaVersion)")
        let amy = h.newUser("amy")
        h.expect(try lookups.users(customerID: h.customerID, objectIDs: [amy.objectID]).isEmpty, "no amy yet")
        try h.applied(try h.create(amy), "create amy")
        h.expect(try lookups.users(customerID: h.customerID, objectIDs: [amy.objectID]).count == 1,
                 "the look-up connection sees the commit")
        h.expect(try lookups.customers().map(\.id) == [h.customerID], "the same store")
    }

    /// An unknown customer is the neutral ``StoreError/unknownCustomer(_:)``, from every protocol.
    static func neutralErrors(_ h: Harness, _ store: any ProvisionStore) throws {
        let calls: [(String, () throws -> Void)] = [
            ("auditEntries", { _ = try store.auditEntries(AuditQuery(customerID: "nobody")) }),
            ("userCounts", { _ = try store.userCounts(customerID: "nobody") }),
            ("forEachUser", { try store.forEachUser(customerID: "nobody", query: UserQuery(), total: { _ in }) { _ in } }),
            ("importSeats", { _ = try store.importSeats([("SPE_E3", 1)], customerID: "nobody", operatorName: "c",
                                                        role: .adminAgent, batchID: "b", now: h.now) }),
            ("updateCustomer", { _ = try store.updateCustomer(id: "nobody", name: "N", location: nil, by: nil) }),
        ]
        for (name, call) in calls {
            do {
                try call()
                h.fail("\(name) of an unknown customer did not throw")
            } catch StoreError.unknownCustomer(let id) {
                h.expect(id == "nobody", "\(name): names the customer")
            } catch {
                h.fail("\(name) of an unknown customer: expected StoreError.unknownCustomer, got \(error)")
            }
        }
    }
}
