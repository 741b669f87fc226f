import Foundation
import Provisioning

/// What ``SQLiteDirectory/importCatalog(_:)`` did.
public struct CatalogImportSummary: Sendable, Hashable {
    /// Products new to the store.
    public var inserted: Int
    /// Products already there, updated (GUID, display name, plans).
    public var updated: Int
    /// Service plans written.
    public var plans: Int
    /// Products not imported, each with the reason (a GUID the store has under another part number).
    public var skipped: [String]
}

extension SQLiteDirectory {
    /// Adds a customer with its verified domains and default usage location.
    /// - Throws: ``SQLiteDirectoryError/invalid(_:)`` naming the value and rule: an id that is not
    ///   1–64 of `A-Z a-z 0-9 _ -`, an empty name, a location that is not ISO 3166-1 alpha-2, no
    ///   domain, a malformed domain, a domain another customer owns, or an id already taken.
    public func addCustomer(_ customer: Customer) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
        guard (1...64).contains(customer.id.count), customer.id.allSatisfy({ allowed.contains($0) }) else {
            throw SQLiteDirectoryError.invalid("customer id '\(customer.id)' must be 1-64 of A-Z a-z 0-9 _ -")
        }
        guard !customer.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SQLiteDirectoryError.invalid("customer \(customer.id) needs a name")
        }
        if let problem = IdentifierRules.checkUsageLocation(customer.defaultUsageLocation) {
            throw SQLiteDirectoryError.invalid("customer \(customer.id): \(problem.message)")
        }
        guard !customer.domains.isEmpty else {
            throw SQLiteDirectoryError.invalid("customer \(customer.id) needs at least one verified domain")
        }
        for domain in customer.domains {
            if let problem = IdentifierRules.checkUserPrincipalName("a@" + domain) {
                throw SQLiteDirectoryError.invalid("customer \(customer.id): domain '\(domain)' is not valid (\(problem.message))")
            }
        }
        try connection.transaction {
            if try connection.scalar("SELECT 1 FROM customers WHERE id = ?1", { $0.bind(customer.id, at: 1) }) != nil {
                throw SQLiteDirectoryError.invalid("customer id '\(customer.id)' is already taken")
            }
            try connection.run("INSERT INTO customers (id, name, default_location) VALUES (?1, ?2, ?3)") {
                $0.bind(customer.id, at: 1)
                $0.bind(customer.name, at: 2)
                $0.bind(customer.defaultUsageLocation.uppercased(), at: 3)
            }
            for (position, domain) in customer.domains.enumerated() {
                let owner = try connection.cached("SELECT customer_id FROM domains WHERE domain = ?1")
                owner.bind(domain, at: 1)
                let taken = try owner.step() ? owner.text(0) : nil
                owner.reset()
                if let taken {
                    throw SQLiteDirectoryError.invalid("domain '\(domain)' is already verified for customer \(taken)")
                }
                try connection.run("INSERT INTO domains (customer_id, domain, position) VALUES (?1, ?2, ?3)") {
                    $0.bind(customer.id, at: 1)
                    $0.bind(domain, at: 2)
                    $0.bind(position, at: 3)
                }
            }
        }
    }

    /// Sets the seats a customer has bought of a product (0 or more; replaces the number).
    /// - Throws: ``SQLiteDirectoryError/unknownCustomer(_:)``, ``SQLiteDirectoryError/unknownProduct(_:)``,
    ///   or `invalid` for a negative number.
    public func setSeats(customerID: String, partNumber: String, seats: Int) throws {
        guard seats >= 0 else {
            throw SQLiteDirectoryError.invalid("seats of \(partNumber) for \(customerID) must be 0 or more, not \(seats)")
        }
        try connection.transaction {
            try requireCustomer(customerID)
            guard try connection.scalar("SELECT 1 FROM products WHERE part_number = ?1", { $0.bind(partNumber, at: 1) }) != nil else {
                throw SQLiteDirectoryError.unknownProduct(partNumber)
            }
            try connection.run("""
                INSERT INTO subscriptions (customer_id, product, seats) VALUES (?1, ?2, ?3)
                ON CONFLICT (customer_id, product) DO UPDATE SET seats = excluded.seats
                """) {
                $0.bind(customerID, at: 1)
                $0.bind(partNumber, at: 2)
                $0.bind(seats, at: 3)
            }
            try bumpChangeCounter(customerID, keepingTallies: true)
        }
    }

    /// Adds or updates products and their service plans (an upsert by part number; a product's
    /// plans are replaced by the given ones). Products not named stay as they are.
    ///
    /// A product whose GUID the store already has under another part number is skipped and
    /// reported, as Microsoft's files sometimes reuse a GUID under a misspelt part number.
    public func importCatalog(_ products: [Product]) throws -> CatalogImportSummary {
        var summary = CatalogImportSummary(inserted: 0, updated: 0, plans: 0, skipped: [])
        try connection.transaction {
            for product in products {
                let owner = try connection.cached("SELECT part_number FROM products WHERE guid = ?1")
                owner.bind(product.guid, at: 1)
                let current = try owner.step() ? owner.text(0) : nil
                owner.reset()
                if let current, current != product.partNumber {
                    summary.skipped.append("\(product.partNumber): GUID \(product.guid) already belongs to \(current)")
                    continue
                }
                let exists = try connection.scalar("SELECT 1 FROM products WHERE part_number = ?1", {
                    $0.bind(product.partNumber, at: 1)
                }) != nil
                try connection.run("""
                    INSERT INTO products (part_number, guid, display_name) VALUES (?1, ?2, ?3)
                    ON CONFLICT (part_number) DO UPDATE SET guid = excluded.guid, display_name = excluded.display_name
                    """) {
                    $0.bind(product.partNumber, at: 1)
                    $0.bind(product.guid, at: 2)
                    $0.bind(product.displayName, at: 3)
                }
                if exists { summary.updated += 1 } else { summary.inserted += 1 }
                try connection.run("DELETE FROM service_plans WHERE product = ?1") { $0.bind(product.partNumber, at: 1) }
                for (position, plan) in product.servicePlans.enumerated() {
                    summary.plans += try connection.run("""
                        INSERT INTO service_plans (product, plan_id, name, friendly_name, position)
                        VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING
                        """) {
                        $0.bind(product.partNumber, at: 1)
                        $0.bind(plan.id, at: 2)
                        $0.bind(plan.name, at: 3)
                        $0.bind(plan.friendlyName, at: 4)
                        $0.bind(position, at: 5)
                    }
                }
            }
        }
        return summary
    }

    /// Replaces the stored licensing rules with `rules`.
    public func storeRules(_ rules: LicensingRules) throws {
        try connection.transaction {
            try connection.run("DELETE FROM rules")
            for (position, rule) in rules.rules.enumerated() {
                let row = rule.row
                try connection.run("INSERT INTO rules (position, kind, subject, object, note) VALUES (?1, ?2, ?3, ?4, ?5)") {
                    $0.bind(position + 1, at: 1)
                    $0.bind(row.kind, at: 2)
                    $0.bind(row.subject, at: 3)
                    $0.bind(row.object, at: 4)
                    $0.bind(row.note, at: 5)
                }
            }
        }
    }
}
