import Foundation
import Provisioning

extension SQLiteDirectory {
    /// Sets the seats a customer has bought of a product (0 or more; replaces the number),
    /// without the check against assigned seats and without an audit entry: for fixtures and
    /// benchmarks. Commands use ``setSeats(_:force:by:)``.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``, ``Provisioning/StoreError/unknownProduct(_:)``,
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

    /// Sets the seats purchased of each subscription (a purchase, or a reduction), in one
    /// transaction: all of them, or none when one is refused. A subscription whose number
    /// does not change writes nothing. Each customer whose seats changed moves its change
    /// counter once (a saved plan counted on the old number); the seat tallies carry over.
    /// - Parameter force: let a reduction go below the seats active users hold, leaving the
    ///   customer over-assigned (``SeatUsage/overAssigned``) until licenses are revoked.
    /// - Returns: one change per subscription, in order.
    /// - Throws: ``AdminBatchRefusal`` naming the first refused subscription: an unknown
    ///   customer or product, a negative number, or (without `force`) a reduction below the
    ///   assigned seats, saying how many users hold the product. The role is checked above the
    ///   store (``Provisioning/AdminPolicy``).
    public func setSeats(_ subscriptions: [Subscription], force: Bool, by actor: AdminActor?) throws -> [SeatChange] {
        return try connection.transaction {
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
            for customerID in moved { try bumpChangeCounter(customerID, keepingTallies: true) }
            return changes
        }
    }

    private func setSeats(_ subscription: Subscription, force: Bool, by actor: AdminActor?) throws -> SeatChange {
        let customerID = subscription.customerID, partNumber = subscription.partNumber, seats = subscription.seats
        guard let counter = try connection.scalar("SELECT change_counter FROM customers WHERE id = ?1", {
            $0.bind(customerID, at: 1)
        }) else {
            throw Violation(.notFound, "unknown customer '\(customerID)'", field: CustomerRules.Field.customer)
        }
        let name = try productName(partNumber)
        guard let name else {
            throw Violation(.notFound, "unknown product '\(partNumber)': it is not in the store's catalog",
                            field: CustomerRules.Field.product)
        }
        guard seats >= 0 else {
            throw Violation(.invalidInput, "seats of \(partNumber) for \(customerID) must be 0 or more, not \(seats)",
                            field: CustomerRules.Field.seats)
        }
        let before = try purchasedSeats(customerID: customerID)[partNumber] ?? 0
        let assigned = try assignedSeats(customerID: customerID, counter: counter)[partNumber] ?? 0
        let change = SeatChange(customerID: customerID, partNumber: partNumber, before: before, after: seats, assigned: assigned)
        guard seats != before else { return change }
        if seats < before && seats < assigned && !force {
            throw StoreViolation.seatReduction(product: partNumber, name: name, customerID: customerID, from: before, to: seats,
                                               assigned: assigned)
        }
        try connection.run("""
            INSERT INTO subscriptions (customer_id, product, seats) VALUES (?1, ?2, ?3)
            ON CONFLICT (customer_id, product) DO UPDATE SET seats = excluded.seats
            """) {
            $0.bind(customerID, at: 1)
            $0.bind(partNumber, at: 2)
            $0.bind(seats, at: 3)
        }
        try auditAdmin("seats-set", customerID: customerID, detail: .seatsSet(change), by: actor)
        return change
    }

    /// The display name of a product in the catalog, or `nil` when there is none.
    private func productName(_ partNumber: String) throws -> String? {
        let statement = try connection.cached("SELECT display_name FROM products WHERE part_number = ?1")
        defer { statement.reset() }
        statement.bind(partNumber, at: 1)
        return try statement.step() ? statement.text(0) : nil
    }
}
