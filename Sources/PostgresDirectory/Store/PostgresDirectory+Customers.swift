import Foundation
import Provisioning

// Design note: the customers, domains and their changes of SQLiteDirectory+Customers.swift
// on PostgreSQL, each call one transaction (all or nothing). What only the store can know
// is checked inside it (who may make the change is checked above the store, by
// ``AdminPolicy``); `domains_owner`, a unique index on `lower(domain)`, also keeps two
// writers on different machines from giving one domain to two customers.

extension PostgresDirectory {
    /// Adds a customer with its verified domains and default usage location.
    /// - Throws: a ``Provisioning/Violation`` naming the value, the rule and the field.
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
        try transaction {
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
        let location = customer.defaultUsageLocation.uppercased()
        let inserted = try connection.query("""
            INSERT INTO customers (id, name, default_location) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id
            """, [customer.id, customer.name, location])
        guard inserted.count == 1 else {
            throw Violation(.uniquenessViolation, "customer id '\(customer.id)' is already taken", field: CustomerRules.Field.id)
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
            let inserted = try connection.query("""
                INSERT INTO domains (customer_id, domain, position) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1
                """, [customerID, domain, position + offset])
            if inserted.count == 0, let owner = try domainOwner(domain), owner != customerID {
                throw StoreViolation.domainTaken(domain, owner: owner)
            }
        }
    }

    /// The customer a domain is verified for, or `nil` (case-insensitive).
    public func domainOwner(_ domain: String) throws -> String? {
        let rows = try connection.query("SELECT customer_id FROM domains WHERE lower(domain) = lower($1::text)", [domain])
        return rows.count > 0 ? rows.text(0, 0) : nil
    }

    /// Changes a customer's name and/or default usage location; a field given as `nil`, or as
    /// it already is, stays. A new location moves the change counter; a new name does not.
    /// - Returns: the customer as it is now, and the fields changed.
    /// - Throws: ``StoreError/unknownCustomer(_:)``, or a ``Provisioning/Violation``.
    public func updateCustomer(id: String, name: String?, location: String?,
                               by actor: AdminActor?) throws -> (customer: Customer, changed: [String]) {
        if let problem = name.flatMap(CustomerRules.checkName) ?? location.flatMap(CustomerRules.checkLocation) {
            throw problem
        }
        return try transaction {
            try connection.query("SELECT 1 FROM customers WHERE id = $1 FOR UPDATE", [id])
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
            try connection.query("UPDATE customers SET name = $2, default_location = $3 WHERE id = $1",
                                 [id, customer.name, customer.defaultUsageLocation])
            if changed.contains(CustomerRules.Field.location) { try bumpChangeCounter(id) }
            try auditAdmin("customer-update", customerID: id, detail: detail, by: actor)
            return (customer, changed)
        }
    }

    /// Verifies more domains for a customer (lower-cased); those it already has stay as they are.
    /// - Returns: the domains added, in the order given.
    public func addDomains(customerID: String, _ domains: [String], by actor: AdminActor?) throws -> [String] {
        let domains = domains.map { $0.lowercased() }
        if let problem = domains.lazy.compactMap(CustomerRules.checkDomain).first { throw problem }
        return try transaction {
            try connection.query("SELECT 1 FROM customers WHERE id = $1 FOR UPDATE", [customerID])
            guard let customer = try self.customer(id: customerID) else { throw StoreError.unknownCustomer(customerID) }
            var added: [String] = []
            for domain in domains where !customer.owns(domain: domain) && !added.contains(domain) { added.append(domain) }
            guard !added.isEmpty else { return [] }
            let next = try connection.query("SELECT coalesce(max(position), -1) + 1 FROM domains WHERE customer_id = $1",
                                            [customerID]).int(0, 0)
            try insertDomains(added, customerID: customerID, from: next)
            try bumpChangeCounter(customerID)
            for domain in added {
                var detail = AuditDetail()
                detail.add("domain", domain)
                try auditAdmin("domain-add", customerID: customerID, detail: detail, by: actor)
            }
            return added
        }
    }

    /// Removes verified domains from a customer; a domain active users still sign in with, or
    /// the customer's last, is refused (then nothing is removed).
    /// - Returns: the domains removed, in the order given.
    public func removeDomains(customerID: String, _ domains: [String], by actor: AdminActor?) throws -> [String] {
        let domains = domains.map { $0.lowercased() }
        return try transaction {
            try connection.query("SELECT 1 FROM customers WHERE id = $1 FOR UPDATE", [customerID])
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
                try connection.query("DELETE FROM domains WHERE customer_id = $1 AND lower(domain) = $2", [customerID, domain])
                var detail = AuditDetail()
                detail.add("domain", domain)
                try auditAdmin("domain-remove", customerID: customerID, detail: detail, by: actor)
            }
            try bumpChangeCounter(customerID)
            return removed
        }
    }

    /// How many active users of the customer sign in with a name on `domain` (case-insensitive).
    public func activeUsers(customerID: String, signingInWith domain: String) throws -> Int {
        try connection.query("""
            SELECT count(*) FROM users WHERE customer_id = $1 AND deleted_at IS NULL
                AND lower(substr(upn, strpos(upn, '@') + 1)) = lower($2::text)
            """, [customerID, domain]).int(0, 0)
    }

    /// Writes one audit entry of a change to a customer (no user), when there is an actor.
    func auditAdmin(_ action: String, customerID: String, detail: AuditDetail, by actor: AdminActor?) throws {
        guard let actor else { return }
        try insertAudit(at: AuditDetail.timestamp(actor.now), batchID: actor.batchID, operatorName: actor.operatorName,
                        role: actor.role, customerID: customerID, user: nil, action: action, detail: detail)
    }
}
