import Foundation
import PasswordHashing
import Provisioning

// Design note: one ChangeApplier lives for one attempt of one `apply(_:)` transaction (a
// retried transaction gets a new one, so nothing of a rolled-back attempt is remembered).
//
// Seats: ``lockSeats()`` locks, in one statement ordered by (customer, product), the
// subscription rows of every product the batch may add a seat to, then reads those
// products' assigned seats from `seat_tallies` (exact at every commit). Only writers that add
// seats take those locks (an apply, a seat reduction of `setSeats`), so for the rest of the
// transaction nobody else can add a seat of them: the count is kept exact, or too high when
// another writer frees a seat meanwhile (a revoke takes no lock), which errs on the side of
// refusing. The batch adds its net change to the tallies before it commits. One fixed lock
// order for every writer means two batches cannot deadlock on them.
//
// Per set, as in SQLiteDirectory: the journal row first (`ON CONFLICT DO NOTHING`: no row
// written means an earlier run applied the set), then the steps, then the seat check. A set
// of several steps runs in a savepoint, so a refused step (a unique violation aborts a
// PostgreSQL transaction) rolls back to it. A set that is one create, the bulk case, does
// without: everything that can refuse it is checked before the user row, which is inserted
// with `ON CONFLICT DO NOTHING` (a taken name or object id writes nothing and raises
// nothing); on a refusal its journal row is deleted again. Runs of such sets go through
// ChangeApplier+Bulk.swift, a few statements per run instead of a few per user.

/// A set refused by the store; thrown inside the savepoint so that it rolls back.
struct Refusal: Error {
    var violation: Violation
    init(_ violation: Violation) { self.violation = violation }
}

/// Thrown when the journal already has the set's key.
struct AlreadyApplied: Error {}

/// Seats of one customer during a batch (a class, so the per-set update mutates in place).
final class CustomerSeats {
    let purchased: [String: Int]
    /// The assigned seats when the batch began (of the products it may add seats to).
    let initial: [String: Int]
    var assigned: [String: Int]
    var applied = 0

    init(purchased: [String: Int], assigned: [String: Int]) {
        self.purchased = purchased
        self.initial = assigned
        self.assigned = assigned
    }

    /// The batch's net change of assigned seats per product.
    var delta: [String: Int] {
        assigned.reduce(into: [:]) { delta, entry in delta[entry.key] = entry.value - (initial[entry.key] ?? 0) }
    }
}

/// Applies the change sets of one batch (see the design note above).
final class ChangeApplier {
    let store: PostgresDirectory
    let batch: ChangeBatch
    let at: String
    /// The customers of the batch that exist, with their seats.
    var seats: [String: CustomerSeats] = [:]
    private var knownProducts: Set<String>?
    /// Per customer, the group this batch's undelivered passwords are committed in.
    var deliveryGroups: [String: Int64] = [:]
    /// The salts of the passwords this batch stores.
    let salts = PasswordHasher.SaltSource()

    var connection: Connection { store.connection }

    init(store: PostgresDirectory, batch: ChangeBatch) {
        self.store = store
        self.batch = batch
        self.at = AuditDetail.timestamp(batch.now)
    }

    /// Locks the subscription rows of the products the batch may add seats to, and reads
    /// each customer's seats (see the design note above).
    func lockSeats() throws {
        var wanted: [String: Set<String>] = [:]
        for set in batch.sets {
            var products = wanted[set.customerID] ?? []
            for step in set.steps {
                switch step {
                case let .create(user, _): products.formUnion(user.licenses.map(\.partNumber))
                case .assign(let license): products.insert(license.partNumber)
                case let .restore(_, keep): products.formUnion(keep)
                default: break
                }
            }
            wanted[set.customerID] = products
        }
        let pairs = wanted.flatMap { customer, products in products.map { (customer, $0) } }.sorted { $0 < $1 }
        if !pairs.isEmpty && store.seatIsolation == .rowLocks {
            try connection.query("""
                SELECT s.customer_id FROM subscriptions AS s
                WHERE (s.customer_id, s.product) IN (SELECT * FROM unnest($1::text[], $2::text[]))
                ORDER BY s.customer_id COLLATE "C", s.product COLLATE "C" FOR UPDATE
                """, [TextArray(pairs.map(\.0)), TextArray(pairs.map(\.1))])
        }
        let ids = wanted.keys.sorted()
        let existing = try connection.query("SELECT id FROM customers WHERE id = ANY ($1::text[])", [TextArray(ids)])
        for row in 0..<existing.count {
            let id = existing.text(row, 0)
            let products = wanted[id] ?? []
            seats[id] = CustomerSeats(purchased: try store.purchasedSeats(customerID: id),
                                      assigned: products.isEmpty ? [:] : try store.assignedSeats(customerID: id, products: Array(products)))
        }
    }

    /// Applies one set atomically.
    func apply(_ set: UserChangeSet) throws -> UserChangeResult {
        guard let customer = seats[set.customerID] else {
            return .refused(Violation(.notFound, "customer '\(set.customerID)' does not exist"))
        }
        if set.kind == .reissue { return try reissue(set, customer: customer) }
        do {
            let delta: [String: Int]
            if set.steps.count == 1, case let .create(user, password) = set.steps[0] {
                delta = try createAlone(user, password: password, set: set, customer: customer)
            } else {
                delta = try connection.savepoint { () -> [String: Int] in
                    try insertJournal(set)
                    var user = UserState(objectID: set.objectID.fastLowercased, upn: set.userPrincipalName)
                    var delta: [String: Int] = [:]
                    for step in set.steps { try self.step(step, set: set, user: &user, delta: &delta) }
                    try checkSeats(delta, customer: customer)
                    return delta
                }
            }
            for (product, change) in delta where change != 0 { customer.assigned[product, default: 0] += change }
            customer.applied += 1
            return .applied
        } catch is AlreadyApplied {
            return .alreadyApplied
        } catch let refusal as Refusal {
            return .refused(refusal.violation)
        }
    }

    /// Adds the batch's net seat changes to the tallies and bumps the change counter of every
    /// customer that had a set applied (in id order, the order every writer updates them in).
    func bumpCounters() throws {
        for (id, customer) in seats.sorted(by: { $0.key < $1.key }) where customer.applied > 0 {
            try store.addToTallies(customerID: id, customer.delta)
            try store.bumpChangeCounter(id)
        }
    }

    /// Lists the group of each customer that had an undelivered password applied.
    func recordDeliveries() throws {
        for (customerID, group) in deliveryGroups.sorted(by: { $0.key < $1.key }) {
            try connection.query("""
                INSERT INTO undelivered_groups (customer_id, batch_id, group_no) SELECT $1, $2, $3
                WHERE EXISTS (SELECT 1 FROM journal WHERE customer_id = $1 AND batch_id = $2 AND password_group = $3)
                """, [customerID, batch.batchID, group])
        }
    }

    /// Whether the set's password is marked undelivered: it issues one and the batch's caller
    /// delivers credentials.
    func marksUndelivered(_ set: UserChangeSet) -> Bool {
        batch.deliversCredentials && set.issuesPassword && set.kind != .reissue
    }

    /// The group number of the customer's undelivered passwords in this batch: random, so
    /// that it is new to the customer's journal.
    func deliveryGroup(_ customerID: String) -> Int64 {
        if let group = deliveryGroups[customerID] { return group }
        let group = Int64.random(in: 1...Int64.max)
        deliveryGroups[customerID] = group
        return group
    }

    /// Writes the set's journal row (naming the user and the group when its password is
    /// marked undelivered).
    /// - Throws: ``AlreadyApplied`` when the batch already has the key.
    func insertJournal(_ set: UserChangeSet) throws {
        let marks = marksUndelivered(set)
        let rows = try connection.query("""
            INSERT INTO journal (customer_id, batch_id, key, applied_at, password_object_id, password_group)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING
            """, [set.customerID, batch.batchID, set.journalKey, batch.now.timeIntervalSince1970,
                  marks ? set.objectID.fastLowercased : nil, marks ? deliveryGroup(set.customerID) : nil])
        if rows.affected == 0 { throw AlreadyApplied() }
    }

    /// Deletes the set's journal row again (the create-alone path's undo).
    func deleteJournal(_ set: UserChangeSet) throws {
        try connection.query("DELETE FROM journal WHERE customer_id = $1 AND batch_id = $2 AND key = $3",
                             [set.customerID, batch.batchID, set.journalKey])
    }

    /// Issues a new password for an undelivered one (a set of kind `.reissue`), as SQLiteDirectory does.
    private func reissue(_ set: UserChangeSet, customer: CustomerSeats) throws -> UserChangeResult {
        guard set.steps.count == 1, case .resetPassword = set.steps[0] else {
            return .refused(Violation(.invalidInput, "a password reissue has exactly one step, a password reset"))
        }
        let marked = try connection.query("""
            SELECT password_object_id FROM journal
            WHERE customer_id = $1 AND batch_id = $2 AND key = $3 AND password_group IN
                (SELECT group_no FROM undelivered_groups WHERE customer_id = $1 AND batch_id = $2)
            """, [set.customerID, batch.batchID, set.journalKey])
        guard marked.count == 1 else { return .alreadyApplied }
        guard marked.text(0, 0) == set.objectID.fastLowercased else {
            return .refused(Violation(.invalidInput, "the undelivered password of \(set.journalKey) belongs to another user"))
        }
        do {
            try connection.savepoint {
                var user = UserState(objectID: marked.text(0, 0), upn: set.userPrincipalName)
                var delta: [String: Int] = [:]
                try self.step(set.steps[0], set: set, user: &user, delta: &delta)
            }
        } catch let refusal as Refusal {
            return .refused(refusal.violation)
        }
        customer.applied += 1
        return .applied
    }

    /// Whether the catalog has the product (the catalog is read once per batch).
    func isKnownProduct(_ partNumber: String) throws -> Bool {
        if let knownProducts { return knownProducts.contains(partNumber) }
        let rows = try connection.query("SELECT part_number FROM products")
        let known = Set((0..<rows.count).map { rows.text($0, 0) })
        knownProducts = known
        return known.contains(partNumber)
    }

    /// Refuses the set when a product it added seats to would hold more than were bought.
    func checkSeats(_ delta: [String: Int], customer: CustomerSeats) throws {
        for (product, change) in delta.sorted(by: { $0.key < $1.key }) where change > 0 {
            let purchased = customer.purchased[product] ?? 0
            let after = (customer.assigned[product] ?? 0) + change
            guard after > purchased else { continue }
            throw Refusal(StoreViolation.notEnoughSeats(product: product, name: try displayName(product), purchased: purchased,
                                                        assigned: customer.assigned[product] ?? 0, adding: change))
        }
    }

    private func displayName(_ product: String) throws -> String {
        let rows = try connection.query("SELECT display_name FROM products WHERE part_number = $1", [product])
        return rows.count == 1 ? rows.text(0, 0) : product
    }

    /// Writes one audit entry.
    func audit(_ action: String, user: UserState, customerID: String, detail: AuditDetail) throws {
        try store.insertAudit(at: at, batchID: batch.batchID, operatorName: batch.operatorName, role: batch.role,
                              customerID: customerID, user: (user.objectID, user.upn), action: action, detail: detail)
    }

    /// What the steps of one set know of their user.
    struct UserState {
        var objectID: String
        var upn: String
        var rowID: Int64?
        var deleted = false
    }
}
