import Foundation
import Provisioning

// Design note: assigned seats are the active users' assignments, counted. A count of a
// million users takes about a second, so it is kept at two levels, both valid only while the
// customer's change counter has not moved (every write that touches a customer moves it):
// - the connection's memo (`seatMemo`), which a batch keeps exact by adding each applied
//   set's delta, so one job counts at most once;
// - the store's tallies (`seat_tallies`, with the counter they belong to in
//   `customers.tallied_at`), written by every batch transaction from that exact memo, so the
//   next job (the nightly run, the dry run before it) starts from them.
// Writes that cannot change an active user's assignments (seats bought, a purge of deleted
// users) carry the tallies over to the counter they move to. Any other write leaves them
// behind, and the next reader counts again. `integrityProblems()` compares the tallies with a
// count.

extension SQLiteDirectory {
    /// Seats per product the customer has bought, sorted by part number, with the assigned
    /// count taken from the active users' assignments at this moment. Products assigned but
    /// not bought appear with 0 purchased.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``.
    public func seatUsage(customerID: String) throws -> [SeatUsage] {
        // The counter first: a count newer than its counter is harmless (that counter never
        // comes back), an older one would be served later as current.
        let counter = try changeCounter(customerID: customerID)
        let purchased = try purchasedSeats(customerID: customerID)
        let assigned = try assignedSeats(customerID: customerID, counter: counter)
        return Set(purchased.keys).union(assigned.keys).sorted().map {
            SeatUsage(partNumber: $0, purchased: purchased[$0] ?? 0, assigned: assigned[$0] ?? 0)
        }
    }

    func purchasedSeats(customerID: String) throws -> [String: Int] {
        var seats: [String: Int] = [:]
        let rows = try connection.cached("SELECT product, seats FROM subscriptions WHERE customer_id = ?")
        defer { rows.reset() }
        rows.bind(customerID, at: 1)
        while try rows.step() { seats[rows.text(0)] = rows.int(1) }
        return seats
    }

    /// The active users' assignments per product while the customer's change counter is
    /// `counter`: the memo when it was taken at that counter, else the stored tallies when
    /// they belong to it, else a full count (about a second for a million users); remembered.
    func assignedSeats(customerID: String, counter: Int64) throws -> [String: Int] {
        if let memo = seatMemo[customerID], memo.counter == counter { return memo.assigned }
        let assigned = try storedTallies(customerID: customerID, counter: counter)
            ?? countAssignedSeats(customerID: customerID)
        seatMemo[customerID] = SeatMemo(counter: counter, assigned: assigned)
        return assigned
    }

    /// The stored tallies when they were written at `counter`, else `nil` (one statement, so
    /// one snapshot of the store).
    func storedTallies(customerID: String, counter: Int64) throws -> [String: Int]? {
        let rows = try connection.cached("""
            SELECT c.tallied_at IS ?2, t.product, t.assigned
            FROM customers AS c LEFT JOIN seat_tallies AS t ON t.customer_id = c.id WHERE c.id = ?1
            """)
        defer { rows.reset() }
        rows.bind(customerID, at: 1)
        rows.bind(counter, at: 2)
        var tallies: [String: Int] = [:]
        while try rows.step() {
            guard rows.int(0) == 1 else { return nil }
            if !rows.isNull(1) { tallies[rows.text(1)] = rows.int(2) }
        }
        return tallies
    }

    /// Replaces the customer's stored tallies with `assigned`, as valid at `counter` (inside
    /// the caller's transaction, which has just moved the counter there).
    func storeTallies(customerID: String, counter: Int64, assigned: [String: Int]) throws {
        try connection.run("DELETE FROM seat_tallies WHERE customer_id = ?1") { $0.bind(customerID, at: 1) }
        let insert = try connection.cached("INSERT INTO seat_tallies (customer_id, product, assigned) VALUES (?1, ?2, ?3)")
        for (product, count) in assigned where count != 0 {
            insert.bind(customerID, at: 1)
            insert.bind(product, at: 2)
            insert.bind(count, at: 3)
            try insert.run()
        }
        try connection.run("UPDATE customers SET tallied_at = ?2 WHERE id = ?1") {
            $0.bind(customerID, at: 1)
            $0.bind(counter, at: 2)
        }
    }

    /// Counts the active users' assignments per product.
    /// - Complexity: O(active users of the customer), through the partial name index.
    func countAssignedSeats(customerID: String) throws -> [String: Int] {
        // Counted here rather than by `GROUP BY`, which sorted every assignment in a temporary
        // B-tree: 1.8-4.9 s against 0.7 s for the join alone on two million users (sqlite3 CLI).
        let rows = try connection.cached("""
            SELECT a.product FROM users AS u JOIN assignments AS a ON a.user_id = u.id
            WHERE u.customer_id = ? AND u.deleted_at IS NULL
            """)
        defer { rows.reset() }
        rows.bind(customerID, at: 1)
        var tallies: [(product: [UInt8], count: Int)] = [], last = 0
        while try rows.step() {
            rows.withText(0) { bytes in
                // A handful of products: the last one matched, else a linear search.
                if last < tallies.count, tallies[last].product.elementsEqual(bytes) {
                    tallies[last].count += 1
                } else if let index = tallies.firstIndex(where: { $0.product.elementsEqual(bytes) }) {
                    tallies[index].count += 1
                    last = index
                } else {
                    tallies.append((Array(bytes), 1))
                    last = tallies.count - 1
                }
            }
        }
        var counts: [String: Int] = [:]
        for tally in tallies { counts[String(decoding: tally.product, as: UTF8.self)] = tally.count }
        return counts
    }

    /// Customers whose stored tallies are current and differ from a count (for
    /// ``integrityProblems()``).
    func tallyProblems() throws -> [String] {
        var problems: [String] = []
        for customer in try customers() {
            let counter = try changeCounter(customerID: customer.id)
            guard let stored = try storedTallies(customerID: customer.id, counter: counter) else { continue }
            let counted = try countAssignedSeats(customerID: customer.id)
            for product in Set(stored.keys).union(counted.keys).sorted()
            where stored[product] ?? 0 != counted[product] ?? 0 {
                problems.append("seat tally: \(customer.id) \(product) is stored as \(stored[product] ?? 0), "
                                + "counted \(counted[product] ?? 0)")
            }
        }
        return problems
    }
}

/// Assigned seats of one customer, valid while its change counter equals `counter`.
struct SeatMemo {
    var counter: Int64
    var assigned: [String: Int]
}
