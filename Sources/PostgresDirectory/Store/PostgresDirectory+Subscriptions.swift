import Foundation
import Provisioning

extension PostgresDirectory {
    /// Sets the seats a customer has bought of a product, without the check against assigned
    /// seats and without an audit entry: for fixtures and benchmarks.
    /// - Throws: ``StoreError/unknownCustomer(_:)``, ``StoreError/unknownProduct(_:)``,
    ///   or `invalid` for a negative number.
    public func setSeats(customerID: String, partNumber: String, seats: Int) throws {
        guard seats >= 0 else {
            throw StoreError.invalid("seats of \(partNumber) for \(customerID) must be 0 or more, not \(seats)")
        }
        try requireCustomer(customerID)
        do {
            _ = try setSeats([Subscription(customerID: customerID, partNumber: partNumber, seats: seats)], force: true, by: nil)
        } catch let refusal as AdminBatchRefusal where refusal.violation.code == .notFound {
            throw StoreError.unknownProduct(partNumber)
        }
    }

    /// Sets the seats purchased of each subscription in one transaction: all, or none when one
    /// is refused. The subscription rows are locked first (`FOR UPDATE`, in the order every
    /// writer locks them), so a reduction and a concurrent apply that adds seats take turns
    /// and the reduction's count of assigned seats is current.
    /// - Parameter force: let a reduction go below the seats active users hold.
    /// - Returns: one change per subscription, in order.
    /// - Throws: ``AdminBatchRefusal`` naming the first refused subscription.
    public func setSeats(_ subscriptions: [Subscription], force: Bool, by actor: AdminActor?) throws -> [SeatChange] {
        return try transaction {
            let pairs = subscriptions.map { ($0.customerID, $0.partNumber) }.sorted { $0 < $1 }
            try connection.query("""
                SELECT s.customer_id FROM subscriptions AS s
                WHERE (s.customer_id, s.product) IN (SELECT * FROM unnest($1::text[], $2::text[]))
                ORDER BY s.customer_id COLLATE "C", s.product COLLATE "C" FOR UPDATE
                """, [TextArray(pairs.map(\.0)), TextArray(pairs.map(\.1))])
            var changes: [SeatChange] = []
            var moved: [String] = []
            for (index, subscription) in subscriptions.enumerated() {
                do {
                    let change = try setSeats(subscription, force: force, by: actor)
                    if change.before != change.after && !moved.contains(change.customerID) { moved.append(change.customerID) }
                    changes.append(change)
                } catch let violation as Violation {
                    throw AdminBatchRefusal(index: index, violation: violation)
                }
            }
            for customerID in moved.sorted() { try bumpChangeCounter(customerID) }
            return changes
        }
    }

    private func setSeats(_ subscription: Subscription, force: Bool, by actor: AdminActor?) throws -> SeatChange {
        let customerID = subscription.customerID, partNumber = subscription.partNumber, seats = subscription.seats
        guard try connection.query("SELECT 1 FROM customers WHERE id = $1", [customerID]).count == 1 else {
            throw Violation(.notFound, "unknown customer '\(customerID)'", field: CustomerRules.Field.customer)
        }
        let product = try connection.query("SELECT display_name FROM products WHERE part_number = $1", [partNumber])
        guard product.count == 1 else {
            throw Violation(.notFound, "unknown product '\(partNumber)': it is not in the store's catalog",
                            field: CustomerRules.Field.product)
        }
        let name = product.text(0, 0)
        guard seats >= 0 else {
            throw Violation(.invalidInput, "seats of \(partNumber) for \(customerID) must be 0 or more, not \(seats)",
                            field: CustomerRules.Field.seats)
        }
        let before = try purchasedSeats(customerID: customerID)[partNumber] ?? 0
        let assigned = try assignedSeats(customerID: customerID, products: [partNumber])[partNumber] ?? 0
        let change = SeatChange(customerID: customerID, partNumber: partNumber, before: before, after: seats, assigned: assigned)
        guard seats != before else { return change }
        if seats < before && seats < assigned && !force {
            throw StoreViolation.seatReduction(product: partNumber, name: name, customerID: customerID, from: before, to: seats,
                                               assigned: assigned)
        }
        try connection.query("""
            INSERT INTO subscriptions (customer_id, product, seats) VALUES ($1, $2, $3)
            ON CONFLICT (customer_id, product) DO UPDATE SET seats = excluded.seats
            """, [customerID, partNumber, seats])
        try auditAdmin("seats-set", customerID: customerID, detail: .seatsSet(change), by: actor)
        return change
    }

    /// Adds or updates products and their service plans (an upsert by part number; a product's
    /// plans are replaced by the given ones). A product whose GUID the store has under another
    /// part number is skipped and reported.
    public func importCatalog(_ products: [Product]) throws -> CatalogImportSummary {
        try transaction {
            var summary = CatalogImportSummary(inserted: 0, updated: 0, plans: 0, skipped: [])
            for product in products {
                let owner = try connection.query("SELECT part_number FROM products WHERE guid = $1", [product.guid])
                if owner.count == 1, owner.text(0, 0) != product.partNumber {
                    summary.skipped.append("\(product.partNumber): GUID \(product.guid) already belongs to \(owner.text(0, 0))")
                    continue
                }
                let upsert = try connection.query("""
                    INSERT INTO products (part_number, guid, display_name) VALUES ($1, $2, $3)
                    ON CONFLICT (part_number) DO UPDATE SET guid = excluded.guid, display_name = excluded.display_name
                    RETURNING xmax = 0
                    """, [product.partNumber, product.guid, product.displayName])
                if upsert.count == 1 && upsert.bool(0, 0) { summary.inserted += 1 } else { summary.updated += 1 }
                try connection.query("DELETE FROM service_plans WHERE product = $1", [product.partNumber])
                for (position, plan) in product.servicePlans.enumerated() {
                    summary.plans += try connection.query("""
                        INSERT INTO service_plans (product, plan_id, name, friendly_name, position)
                        VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING
                        """, [product.partNumber, plan.id, plan.name, plan.friendlyName, position]).affected
                }
            }
            return summary
        }
    }

    /// Replaces the stored licensing rules with `rules`.
    public func storeRules(_ rules: LicensingRules) throws {
        try transaction {
            try connection.execute("DELETE FROM rules")
            for (position, rule) in rules.rules.enumerated() {
                let row = rule.row
                try connection.query("INSERT INTO rules (position, kind, subject, object, note) VALUES ($1, $2, $3, $4, $5)",
                                     [position + 1, row.kind, row.subject, row.object, row.note])
            }
        }
    }
}
