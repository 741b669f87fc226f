import Foundation
import Provisioning

// Design note: customers, their domains and their update all go through here, each call one
// transaction (a batch of many customers too: an import is all or nothing). The rules are
// ``CustomerRules`` (shared by every backend); what only the store can know (an id or a
// domain taken, a domain users still sign in with) is checked inside the transaction. Each
// change writes one audit entry without a user (`object_id` and `upn` null) when an
// ``AdminActor`` is given; who may make it is checked above the store (``AdminPolicy``). A
// change a saved plan depends on (domains, the default location) moves the customer's change
// counter; none of them changes an assignment, so the seat tallies carry over.

extension SQLiteDirectory {
    /// Adds a customer with its verified domains and default usage location.
    /// - Parameter actor: who, for the audit log; `nil` writes no entry (fixtures, benchmarks).
    /// - Throws: a ``Provisioning/Violation`` naming the value, the rule and the field
    ///   (``Provisioning/CustomerRules``), an id already taken, or a domain another customer owns.
    ///   The role is not checked here: ``Provisioning/AdminPolicy`` does it above the store.
    public func addCustomer(_ customer: Customer, by actor: AdminActor? = nil) throws {
        do {
            try addCustomers([customer], by: actor)
        } catch let refusal as AdminBatchRefusal {
            throw refusal.violation
        }
    }

    /// Adds customers in one transaction: all of them, or none when one is refused.
    /// - Throws: ``AdminBatchRefusal`` with the index of the first refused customer.
    public func addCustomers(_ customers: [Customer], by actor: AdminActor?) throws {
        for (index, customer) in customers.enumerated() {
            if let problem = CustomerRules.check(customer) { throw AdminBatchRefusal(index: index, violation: problem) }
        }
        try connection.transaction {
            for (index, customer) in customers.enumerated() {
                do {
                    try insert(customer, by: actor)
                } catch let violation as Violation {
                    throw AdminBatchRefusal(index: index, violation: violation)
                }
            }
        }
    }

    private func insert(_ customer: Customer, by actor: AdminActor?) throws {
        if try connection.scalar("SELECT 1 FROM customers WHERE id = ?1", { $0.bind(customer.id, at: 1) }) != nil {
            throw Violation(.uniquenessViolation, "customer id '\(customer.id)' is already taken",
                            field: CustomerRules.Field.id)
        }
        let location = customer.defaultUsageLocation.uppercased()
        try connection.run("INSERT INTO customers (id, name, default_location) VALUES (?1, ?2, ?3)") {
            $0.bind(customer.id, at: 1)
            $0.bind(customer.name, at: 2)
            $0.bind(location, at: 3)
        }
        try insertDomains(customer.domains, customerID: customer.id, from: 0)
        var detail = AuditDetail()
        detail.add("name", customer.name)
        detail.add("defaultUsageLocation", location)
        detail.add("domains", customer.domains)
        try auditAdmin("customer-add", customerID: customer.id, detail: detail, by: actor)
    }

    /// Inserts domains for a customer at positions `from`, `from + 1`, …, refusing one another
    /// customer owns.
    private func insertDomains(_ domains: [String], customerID: String, from position: Int) throws {
        for (offset, domain) in domains.enumerated() {
            if let owner = try domainOwner(domain), owner != customerID {
                throw StoreViolation.domainTaken(domain, owner: owner)
            }
            try connection.run("INSERT INTO domains (customer_id, domain, position) VALUES (?1, ?2, ?3)") {
                $0.bind(customerID, at: 1)
                $0.bind(domain, at: 2)
                $0.bind(position + offset, at: 3)
            }
        }
    }

    /// The customer a domain is verified for, or `nil` (case-insensitive).
    public func domainOwner(_ domain: String) throws -> String? {
        let owner = try connection.cached("SELECT customer_id FROM domains WHERE domain = ?1")
        defer { owner.reset() }
        owner.bind(domain, at: 1)
        return try owner.step() ? owner.text(0) : nil
    }

    /// Changes a customer's name and/or default usage location; a field given as `nil`, or as
    /// it already is, stays. A new location moves the change counter (new users without one
    /// get it, so a saved plan depends on it); a new name does not.
    /// - Returns: the customer as it is now, and the fields changed (``CustomerRules/Field``);
    ///   none changed means nothing was written.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``, or a ``Provisioning/Violation``.
    public func updateCustomer(id: String, name: String?, location: String?,
                               by actor: AdminActor?) throws -> (customer: Customer, changed: [String]) {
        if let problem = name.flatMap(CustomerRules.checkName) ?? location.flatMap(CustomerRules.checkLocation) {
            throw problem
        }
        return try connection.transaction {
            guard var customer = try self.customer(id: id) else { throw StoreError.unknownCustomer(id) }
            var detail = AuditDetail()
            var changed: [String] = []
            if let name, name != customer.name {
                detail.add("name", name)
                detail.add("previousName", customer.name)
                customer.name = name
                changed.append(CustomerRules.Field.name)
            }
            if let code = location?.uppercased(), code != customer.defaultUsageLocation {
                detail.add("defaultUsageLocation", code)
                detail.add("previousDefaultUsageLocation", customer.defaultUsageLocation)
                customer.defaultUsageLocation = code
                changed.append(CustomerRules.Field.location)
            }
            guard !changed.isEmpty else { return (customer, changed) }
            try connection.run("UPDATE customers SET name = ?2, default_location = ?3 WHERE id = ?1") {
                $0.bind(id, at: 1)
                $0.bind(customer.name, at: 2)
                $0.bind(customer.defaultUsageLocation, at: 3)
            }
            if changed.contains(CustomerRules.Field.location) { try bumpChangeCounter(id, keepingTallies: true) }
            try auditAdmin("customer-update", customerID: id, detail: detail, by: actor)
            return (customer, changed)
        }
    }

    /// Verifies more domains for a customer (lower-cased); those it already has stay as they are.
    /// - Returns: the domains added, in the order given.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``, or a ``Provisioning/Violation``
    ///   for a malformed domain or one another customer owns (then nothing is added).
    public func addDomains(customerID: String, _ domains: [String], by actor: AdminActor?) throws -> [String] {
        let domains = domains.map { $0.lowercased() }
        if let problem = domains.lazy.compactMap(CustomerRules.checkDomain).first { throw problem }
        return try connection.transaction {
            guard let customer = try self.customer(id: customerID) else { throw StoreError.unknownCustomer(customerID) }
            var added: [String] = []
            for domain in domains where !customer.owns(domain: domain) && !added.contains(domain) { added.append(domain) }
            guard !added.isEmpty else { return [] }
            let next = try connection.scalar("SELECT coalesce(max(position), -1) + 1 FROM domains WHERE customer_id = ?1") {
                $0.bind(customerID, at: 1)
            } ?? 0
            try insertDomains(added, customerID: customerID, from: Int(next))
            try bumpChangeCounter(customerID, keepingTallies: true)
            for domain in added {
                var detail = AuditDetail()
                detail.add("domain", domain)
                try auditAdmin("domain-add", customerID: customerID, detail: detail, by: actor)
            }
            return added
        }
    }

    /// Removes verified domains from a customer.
    /// - Returns: the domains removed, in the order given.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``, or a ``Provisioning/Violation``
    ///   (then nothing is removed): a domain the customer does not have, one that active users
    ///   still sign in with (naming how many), or the customer's last domain.
    public func removeDomains(customerID: String, _ domains: [String], by actor: AdminActor?) throws -> [String] {
        let domains = domains.map { $0.lowercased() }
        return try connection.transaction {
            guard let customer = try self.customer(id: customerID) else { throw StoreError.unknownCustomer(customerID) }
            var removed: [String] = []
            for domain in domains where !removed.contains(domain) {
                guard customer.owns(domain: domain) else { throw StoreViolation.notADomain(domain, of: customer) }
                let users = try activeUsers(customerID: customerID, signingInWith: domain)
                if users > 0 { throw StoreViolation.domainInUse(domain, customerID: customerID, users: users) }
                removed.append(domain)
            }
            guard !removed.isEmpty else { return [] }
            if removed.count == customer.domains.count {
                throw StoreViolation.lastDomains(removed, customerID: customerID)
            }
            for domain in removed {
                try connection.run("DELETE FROM domains WHERE customer_id = ?1 AND domain = ?2") {
                    $0.bind(customerID, at: 1)
                    $0.bind(domain, at: 2)
                }
                var detail = AuditDetail()
                detail.add("domain", domain)
                try auditAdmin("domain-remove", customerID: customerID, detail: detail, by: actor)
            }
            try bumpChangeCounter(customerID, keepingTallies: true)
            return removed
        }
    }

    /// How many active users of the customer sign in with a name on `domain` (case-insensitive).
    /// - Complexity: O(active users of the customer), through the partial name index.
    public func activeUsers(customerID: String, signingInWith domain: String) throws -> Int {
        let count = try connection.scalar("""
            SELECT count(*) FROM users WHERE customer_id = ?1 AND deleted_at IS NULL
                AND substr(upn, instr(upn, '@') + 1) = ?2 COLLATE NOCASE
            """) {
            $0.bind(customerID, at: 1)
            $0.bind(domain, at: 2)
        }
        return Int(count ?? 0)
    }

    /// Writes one audit entry of a change to a customer (no user), when there is an actor.
    func auditAdmin(_ action: String, customerID: String, detail: AuditDetail, by actor: AdminActor?) throws {
        guard let actor else { return }
        try insertAudit(at: ChangeApplier.timestamp(actor.now), batchID: actor.batchID, operatorName: actor.operatorName,
                        role: actor.role, customerID: customerID, user: nil, action: action, detail: detail)
    }

    /// Inserts one row of `audit_log` (inside the caller's transaction), for the writes that
    /// are not a batch's user changes (those go through ``ChangeApplier``'s prepared statement).
    func insertAudit(at: String, batchID: String, operatorName: String, role: OperatorRole, customerID: String,
                     user: (objectID: String, userPrincipalName: String)?, action: String, detail: AuditDetail) throws {
        try connection.run("""
            INSERT INTO audit_log (at, batch_id, operator, role, customer_id, object_id, upn, action, detail)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """) {
            $0.bind(at, at: 1)
            $0.bind(batchID, at: 2)
            $0.bind(operatorName, at: 3)
            $0.bind(role.rawValue, at: 4)
            $0.bind(customerID, at: 5)
            $0.bind(user?.objectID, at: 6)
            $0.bind(user?.userPrincipalName, at: 7)
            $0.bind(action, at: 8)
            $0.bind(detail.json, at: 9)
        }
    }
}
