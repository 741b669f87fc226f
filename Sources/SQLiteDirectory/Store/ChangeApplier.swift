import Foundation
import Provisioning

// Design note: one ChangeApplier lives for one `apply(_:)` call, inside its transaction.
//
// A set runs in a savepoint: the journal row goes in first (a conflict there means an earlier
// run applied the set: `.alreadyApplied`), then the steps, then the seat check. A refusal is
// thrown as `Refusal` so the savepoint rolls back, and turned into `.refused` here.
//
// A set that is one `create` (the bulk case: a million new users) takes a path without a
// savepoint, which costs about a fifth of the per-user time: the journal row goes in first
// (so a re-applied set is `.alreadyApplied` before any other check), then everything that
// could refuse the set is checked before the next write (object id, known products, seats),
// and the user row, the only write that can still be refused (a taken name), comes next. On
// a refusal the journal row is deleted again and nothing is left. Any other failure is a
// store error that rolls back the whole batch.
//
// Passwords a batch that delivers credentials issues are marked undelivered by group: each
// customer's password-issuing journal rows of this transaction name one random group number,
// listed in `undelivered_groups` before the commit (``recordDeliveries()``), so that the
// executor's confirmation is one delete (see SQLiteDirectory+Credentials.swift).
//
// Assigned seats per customer are counted once per batch (or taken from the memo when the
// customer's change counter has not moved) and kept exact by adding each applied set's delta:
// the write transaction excludes every other writer, so no one else can change them.

/// A set refused by the store; thrown inside the savepoint so that it rolls back.
struct Refusal: Error {
    var violation: Violation
    init(_ violation: Violation) { self.violation = violation }
}

/// Thrown inside the savepoint when the journal already has the set's key.
struct AlreadyApplied: Error {}

/// Seats of one customer during a batch (a class, so the per-set update mutates in place).
final class CustomerSeats {
    var counter: Int64
    let purchased: [String: Int]
    var assigned: [String: Int]
    var applied = 0

    init(counter: Int64, purchased: [String: Int], assigned: [String: Int]) {
        self.counter = counter
        self.purchased = purchased
        self.assigned = assigned
    }
}

/// Applies the change sets of one batch (see the design note above).
final class ChangeApplier {
    let store: SQLiteDirectory
    let batch: ChangeBatch
    let statements: ChangeStatements
    private let at: String
    private var seats: [String: CustomerSeats] = [:]
    private var knownProducts: Set<String>?
    /// Per customer, the group this batch's undelivered passwords are committed in, with the
    /// journal keys of the applied sets that issued one.
    private(set) var deliveries: [String: PendingDelivery] = [:]

    init(store: SQLiteDirectory, batch: ChangeBatch) throws {
        self.store = store
        self.batch = batch
        self.at = Self.timestamp(batch.now)
        self.statements = try ChangeStatements(store.connection)
    }

    /// The seat memos to keep after the transaction commits.
    var memos: [String: SeatMemo] {
        seats.mapValues { SeatMemo(counter: $0.counter, assigned: $0.assigned) }
    }

    /// Applies one set atomically.
    func apply(_ set: UserChangeSet) throws -> UserChangeResult {
        guard let customer = try customerSeats(set.customerID) else {
            return .refused(Violation(.notFound, "customer '\(set.customerID)' does not exist"))
        }
        if set.kind == .reissue { return try reissue(set, customer: customer) }
        do {
            let delta: [String: Int]
            if set.steps.count == 1, case let .create(user, password) = set.steps[0] {
                delta = try createAlone(user, password: password, set: set, customer: customer)
            } else {
                delta = try store.connection.savepoint { () -> [String: Int] in
                    try insertJournal(set)
                    var user = UserState(objectID: set.objectID.fastLowercased, upn: set.userPrincipalName)
                    var delta: [String: Int] = [:]
                    for step in set.steps {
                        try self.step(step, set: set, user: &user, delta: &delta)
                    }
                    try checkSeats(delta, customer: customer)
                    return delta
                }
            }
            for (product, change) in delta where change != 0 { customer.assigned[product, default: 0] += change }
            customer.applied += 1
            if marksUndelivered(set) { deliveries[set.customerID]?.keys.insert(set.journalKey) }
            return .applied
        } catch is AlreadyApplied {
            return .alreadyApplied
        } catch let refusal as Refusal {
            return .refused(refusal.violation)
        }
    }

    /// Bumps the change counter of every customer that had a set applied, and stores the
    /// assigned seats it now has as the tallies of the new counter.
    func bumpCounters() throws {
        for (id, customer) in seats where customer.applied > 0 {
            try store.bumpChangeCounter(id)
            customer.counter += 1
            try store.storeTallies(customerID: id, counter: customer.counter, assigned: customer.assigned)
        }
    }

    /// Lists the group of each customer that had an undelivered password applied in
    /// `undelivered_groups` (inside the batch's transaction, after the last set).
    func recordDeliveries() throws {
        let insert = statements.undeliveredGroupInsert
        for (customerID, delivery) in deliveries where !delivery.keys.isEmpty {
            insert.bind(customerID, at: 1)
            insert.bind(batch.batchID, at: 2)
            insert.bind(delivery.group, at: 3)
            try insert.run()
        }
    }

    /// Whether the set's password is marked undelivered: it issues one and the batch's caller
    /// delivers credentials (``Provisioning/ChangeBatch/deliversCredentials``).
    private func marksUndelivered(_ set: UserChangeSet) -> Bool {
        batch.deliversCredentials && set.issuesPassword && set.kind != .reissue
    }

    /// The group number of the customer's undelivered passwords in this batch: random, so
    /// that it is new to the customer's journal (a delivered group's number is never listed again).
    private func deliveryGroup(_ customerID: String) -> Int64 {
        if let delivery = deliveries[customerID] { return delivery.group }
        let delivery = PendingDelivery(group: Int64.random(in: 1...Int64.max))
        deliveries[customerID] = delivery
        return delivery.group
    }

    /// Writes the set's journal row. When the set's password is marked undelivered
    /// (``marksUndelivered(_:)``), the row also names the user it went to and its group.
    /// - Throws: ``AlreadyApplied`` when the batch already has the key.
    func insertJournal(_ set: UserChangeSet) throws {
        let journal = statements.journalInsert
        bindJournalKey(of: set, to: journal)
        journal.bind(batch.now.timeIntervalSince1970, at: 4)
        let marks = marksUndelivered(set)
        journal.bind(marks ? set.objectID.fastLowercased : nil, at: 5)
        journal.bind(marks ? deliveryGroup(set.customerID) : nil, at: 6)
        try journal.run()
        if store.connection.changes == 0 { throw AlreadyApplied() }
    }

    /// Issues a new password for an undelivered one (a set of kind `.reissue`): applied only
    /// while the store still marks the password of the set's journal key undelivered, and for
    /// the user it was issued to; the mark stays until the new one is delivered.
    private func reissue(_ set: UserChangeSet, customer: CustomerSeats) throws -> UserChangeResult {
        guard set.steps.count == 1, case .resetPassword = set.steps[0] else {
            return .refused(Violation(.invalidInput, "a password reissue has exactly one step, a password reset"))
        }
        guard let marked = try undeliveredObjectID(set) else { return .alreadyApplied }
        guard marked == set.objectID.fastLowercased else {
            return .refused(Violation(.invalidInput, "the undelivered password of \(set.journalKey) belongs to another user"))
        }
        do {
            try store.connection.savepoint {
                var user = UserState(objectID: marked, upn: set.userPrincipalName)
                var delta: [String: Int] = [:]
                try self.step(set.steps[0], set: set, user: &user, delta: &delta)
            }
        } catch let refusal as Refusal {
            return .refused(refusal.violation)
        }
        customer.applied += 1
        return .applied
    }

    /// The object id the set's journal key has an undelivered password for, if any.
    private func undeliveredObjectID(_ set: UserChangeSet) throws -> String? {
        let select = statements.undeliveredSelect
        defer { select.reset() }
        bindJournalKey(of: set, to: select)
        return try select.step() ? select.text(0) : nil
    }

    /// Deletes the set's journal row again (the create-alone path's undo).
    func deleteJournal(_ set: UserChangeSet) throws {
        let statement = statements.journalDelete
        bindJournalKey(of: set, to: statement)
        try statement.run()
    }

    /// Binds the set's journal key in this batch (customer, batch id, key) to parameters 1-3.
    private func bindJournalKey(of set: UserChangeSet, to statement: Statement) {
        statement.bind(set.customerID, at: 1)
        statement.bind(batch.batchID, at: 2)
        statement.bind(set.journalKey, at: 3)
    }

    private func customerSeats(_ id: String) throws -> CustomerSeats? {
        if let known = seats[id] { return known }
        guard let counter = try store.connection.scalar("SELECT change_counter FROM customers WHERE id = ?", {
            $0.bind(id, at: 1)
        }) else { return nil }
        let customer = CustomerSeats(counter: counter, purchased: try store.purchasedSeats(customerID: id),
                                     assigned: try store.assignedSeats(customerID: id, counter: counter))
        seats[id] = customer
        return customer
    }

    /// Whether the catalog has the product (the catalog is read once per batch).
    func isKnownProduct(_ partNumber: String) throws -> Bool {
        if let knownProducts { return knownProducts.contains(partNumber) }
        let known = Set(try store.products().map(\.partNumber))
        knownProducts = known
        return known.contains(partNumber)
    }

    /// Refuses the set when a product it added seats to would hold more than were bought.
    func checkSeats(_ delta: [String: Int], customer: CustomerSeats) throws {
        for (product, change) in delta where change > 0 {
            let purchased = customer.purchased[product] ?? 0
            let after = (customer.assigned[product] ?? 0) + change
            guard after > purchased else { continue }
            throw Refusal(StoreViolation.notEnoughSeats(product: product, name: try displayName(product), purchased: purchased,
                                                        assigned: customer.assigned[product] ?? 0, adding: change))
        }
    }

    private func displayName(_ product: String) throws -> String {
        let statement = statements.productName
        defer { statement.reset() }
        statement.bind(product, at: 1)
        return try statement.step() ? statement.text(0) : product
    }

    /// Writes one audit entry.
    func audit(_ action: String, user: UserState, customerID: String, detail: AuditDetail) throws {
        let statement = statements.auditInsert
        statement.bind(at, at: 1)
        statement.bind(batch.batchID, at: 2)
        statement.bind(batch.operatorName, at: 3)
        statement.bind(batch.role.rawValue, at: 4)
        statement.bind(customerID, at: 5)
        statement.bind(user.objectID, at: 6)
        statement.bind(user.upn, at: 7)
        statement.bind(action, at: 8)
        statement.bind(utf8: detail.jsonBytes, at: 9)
        try statement.run()
    }

    /// The ISO 8601 text of `date`, in UTC with milliseconds, for the audit log.
    static func timestamp(_ date: Date) -> String {
        AuditDetail.timestamp(date)
    }

    /// What the steps of one set know of their user.
    struct UserState {
        var objectID: String
        var upn: String
        var rowID: Int64?
        var deleted = false
    }
}
