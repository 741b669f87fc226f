import Foundation
import Provisioning

// Design note: one ChangeApplier lives for one `apply(_:)` call, inside its transaction. Each
// change set runs in a savepoint: the journal row goes in first (a conflict there means an
// earlier run applied the set: `.alreadyApplied`), then the steps, then the seat check. A
// refusal is thrown as `Refusal` so the savepoint rolls back, and turned into `.refused` here.
// Assigned seats per customer are counted once per batch (or taken from the memo when the
// customer's change counter has not moved) and then kept exact by adding each applied set's
// delta: the write transaction excludes every other writer, so no one else can change them.

/// A set refused by the store; thrown inside the savepoint so that it rolls back.
struct Refusal: Error {
    var violation: Violation
    init(_ violation: Violation) { self.violation = violation }
}

/// Thrown inside the savepoint when the journal already has the set's key.
private struct AlreadyApplied: Error {}

/// Seats of one customer during a batch.
struct CustomerSeats {
    var counter: Int64
    var purchased: [String: Int]
    var assigned: [String: Int]
    var applied = 0
}

/// Applies the change sets of one batch (see the design note above).
final class ChangeApplier {
    private let store: SQLiteDirectory
    private let batch: ChangeBatch
    private let at: String
    private let statements: ChangeStatements
    private var seats: [String: CustomerSeats] = [:]

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

    /// Applies one set in its own savepoint.
    func apply(_ set: UserChangeSet) throws -> UserChangeResult {
        guard var customer = try customerSeats(set.customerID) else {
            return .refused(Violation(.notFound, "customer '\(set.customerID)' does not exist"))
        }
        do {
            let delta = try store.connection.savepoint { () -> [String: Int] in
                let journal = statements.journalInsert
                journal.bind(set.customerID, at: 1)
                journal.bind(batch.batchID, at: 2)
                journal.bind(set.journalKey, at: 3)
                journal.bind(batch.now.timeIntervalSince1970, at: 4)
                try journal.run()
                if store.connection.changes == 0 { throw AlreadyApplied() }
                var user = UserState(objectID: set.objectID.lowercased(), upn: set.userPrincipalName)
                var delta: [String: Int] = [:]
                for step in set.steps {
                    try self.step(step, set: set, user: &user, delta: &delta)
                }
                try checkSeats(delta, customer: customer)
                return delta
            }
            for (product, change) in delta { customer.assigned[product, default: 0] += change }
            customer.applied += 1
            seats[set.customerID] = customer
            return .applied
        } catch is AlreadyApplied {
            return .alreadyApplied
        } catch let refusal as Refusal {
            return .refused(refusal.violation)
        }
    }

    /// Bumps the change counter of every customer that had a set applied.
    func bumpCounters() throws {
        for (id, customer) in seats where customer.applied > 0 {
            try store.connection.run("UPDATE customers SET change_counter = change_counter + 1 WHERE id = ?") {
                $0.bind(id, at: 1)
            }
            seats[id]?.counter += 1
        }
    }

    private func customerSeats(_ id: String) throws -> CustomerSeats? {
        if let known = seats[id] { return known }
        guard let counter = try store.connection.scalar("SELECT change_counter FROM customers WHERE id = ?", {
            $0.bind(id, at: 1)
        }) else { return nil }
        let assigned: [String: Int]
        if let memo = store.seatMemo[id], memo.counter == counter {
            assigned = memo.assigned
        } else {
            assigned = try store.countAssignedSeats(customerID: id)
        }
        let customer = CustomerSeats(counter: counter, purchased: try store.purchasedSeats(customerID: id),
                                     assigned: assigned)
        seats[id] = customer
        return customer
    }

    /// Refuses the set when a product it added seats to would hold more than were bought.
    private func checkSeats(_ delta: [String: Int], customer: CustomerSeats) throws {
        for (product, change) in delta.sorted(by: { $0.key < $1.key }) where change > 0 {
            let purchased = customer.purchased[product] ?? 0
            let after = (customer.assigned[product] ?? 0) + change
            guard after > purchased else { continue }
            let name = try displayName(product)
            let missing = after - purchased
            throw Refusal(Violation(
                .countViolation,
                "not enough seats of \(name) (\(product)): \(purchased) purchased, "
                    + "\(customer.assigned[product] ?? 0) assigned",
                fix: "buy \(missing) more seat\(missing == 1 ? "" : "s") of \(name)"))
        }
    }

    private func displayName(_ product: String) throws -> String {
        let statement = statements.productName
        defer { statement.reset() }
        statement.bind(product, at: 1)
        return try statement.step() ? statement.text(0) : product
    }

    /// The ISO 8601 text of `date`, in UTC with milliseconds, for the audit log.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    // MARK: Steps

    /// What the steps of one set know of their user.
    struct UserState {
        var objectID: String
        var upn: String
        var rowID: Int64?
        var deleted = false
    }

    private func step(_ change: UserChange, set: UserChangeSet, user: inout UserState,
                      delta: inout [String: Int]) throws {
        if case .create(let new, let password) = change {
            try create(new, password: password, set: set, user: &user, delta: &delta)
            return
        }
        let rowID = try load(&user, customerID: set.customerID)
        var detail = AuditDetail()
        let action: String
        switch change {
        case .create:
            return
        case let .setAttributes(attributes, roles):
            try requireActive(user)
            try statements.update(rowID: rowID, attributes: attributes, roles: roles)
            action = "update"
            detail.add("displayName", attributes.displayName)
            detail.add("firstName", attributes.firstName)
            detail.add("lastName", attributes.lastName)
            detail.add("jobTitle", attributes.jobTitle)
            detail.add("department", attributes.department)
            detail.add("usageLocation", attributes.usageLocation)
            detail.add("accountEnabled", attributes.accountEnabled)
            detail.add("roles", roles)
        case .assign(let license):
            try requireActive(user)
            let added = try statements.assign(rowID: rowID, license: license)
            if added { delta[license.partNumber, default: 0] += 1 }
            action = "assign"
            detail.add("product", license.partNumber)
            detail.add("disabledPlans", license.disabledPlans)
            detail.add("change", added ? "added" : "updated")
        case .revoke(let partNumber):
            try requireActive(user)
            guard try statements.revoke(rowID: rowID, partNumber: partNumber) else { return }
            delta[partNumber, default: 0] -= 1
            action = "revoke"
            detail.add("product", partNumber)
        case .delete:
            try requireActive(user)
            let held = try statements.heldProducts(rowID: rowID)
            try statements.markDeleted(rowID: rowID, at: batch.now)
            for product in held { delta[product, default: 0] -= 1 }
            user.deleted = true
            action = "delete"
            detail.add("licensesReleased", held)
        case let .restore(newName, keep):
            guard user.deleted else {
                throw Refusal(Violation(.invalidInput, "user '\(user.upn)' is not deleted, so cannot be restored"))
            }
            let held = try statements.heldProducts(rowID: rowID)
            let kept = held.filter { keep.contains($0) }
            let dropped = held.filter { !keep.contains($0) }
            for product in dropped { _ = try statements.revoke(rowID: rowID, partNumber: product) }
            do {
                try statements.markRestored(rowID: rowID, userPrincipalName: newName)
            } catch let error as SQLiteError where error.isUniqueConstraint {
                throw Refusal(Violation(.uniquenessViolation,
                                        "user name '\(newName)' is taken by an active user of \(set.customerID)",
                                        fix: "restore under another name (--new-upn)", field: "UserPrincipalName"))
            }
            for product in kept { delta[product, default: 0] += 1 }
            action = "restore"
            detail.add("previousUserPrincipalName", user.upn)
            detail.add("licensesRestored", kept)
            detail.add("licensesDropped", dropped)
            user.upn = newName
            user.deleted = false
        case .resetPassword(let password):
            try requireActive(user)
            try statements.setPassword(rowID: rowID, password: password)
            action = "reset-password"
            detail.add("passwordIssued", true)
            detail.add("mustChangePassword", true)
        }
        try audit(action, user: user, customerID: set.customerID, detail: detail)
    }

    private func create(_ new: User, password: TemporaryPassword, set: UserChangeSet, user: inout UserState,
                        delta: inout [String: Int]) throws {
        guard new.customerID == set.customerID, new.objectID == user.objectID else {
            throw Refusal(Violation(.invalidInput, "the new user's customer or object id differs from its change set's"))
        }
        if user.rowID != nil {
            throw Refusal(Violation(.invalidInput, "user '\(new.userPrincipalName)' is created twice in one change set"))
        }
        do {
            user.rowID = try statements.insertUser(new, password: password)
        } catch let error as SQLiteError where error.isUniqueConstraint {
            if error.message.contains("object_id") {
                throw Refusal(Violation(.uniquenessViolation, "object id \(new.objectID) already exists",
                                        field: "ObjectId"))
            }
            throw Refusal(Violation(.uniquenessViolation,
                                    "user name '\(new.userPrincipalName)' is already taken in \(new.customerID)",
                                    fix: "choose another user name", field: "UserPrincipalName"))
        }
        user.upn = new.userPrincipalName
        user.deleted = new.deletedAt != nil
        for license in new.licenses {
            guard let rowID = user.rowID else { break }
            do {
                _ = try statements.assign(rowID: rowID, license: license)
            } catch let error as SQLiteError where error.resultCode == .constraintForeignKey {
                throw Refusal(Violation(.notFound, "product '\(license.partNumber)' is not in the catalog",
                                        field: "Licenses"))
            }
            if !user.deleted { delta[license.partNumber, default: 0] += 1 }
        }
        var detail = AuditDetail()
        detail.add("displayName", new.attributes.displayName)
        detail.add("usageLocation", new.attributes.usageLocation)
        detail.add("roles", new.roles)
        detail.add("licenses", licenses: new.licenses)
        detail.add("passwordIssued", true)
        try audit("create", user: user, customerID: set.customerID, detail: detail)
    }

    /// Finds the set's user by object id, once per set.
    private func load(_ user: inout UserState, customerID: String) throws -> Int64 {
        if let rowID = user.rowID { return rowID }
        let statement = statements.findUser
        defer { statement.reset() }
        statement.bind(user.objectID, at: 1)
        guard try statement.step(), statement.text(1) == customerID else {
            throw Refusal(Violation(.notFound, "user '\(user.upn)' (object id \(user.objectID)) does not exist in \(customerID)"))
        }
        user.rowID = statement.int64(0)
        user.upn = statement.text(2)
        user.deleted = !statement.isNull(3)
        return statement.int64(0)
    }

    private func requireActive(_ user: UserState) throws {
        if user.deleted {
            throw Refusal(Violation(.notFound, "user '\(user.upn)' is deleted", fix: "restore the user first"))
        }
    }

    private func audit(_ action: String, user: UserState, customerID: String, detail: AuditDetail) throws {
        let statement = statements.auditInsert
        statement.bind(at, at: 1)
        statement.bind(batch.batchID, at: 2)
        statement.bind(batch.operatorName, at: 3)
        statement.bind(batch.role.rawValue, at: 4)
        statement.bind(customerID, at: 5)
        statement.bind(user.objectID, at: 6)
        statement.bind(user.upn, at: 7)
        statement.bind(action, at: 8)
        statement.bind(detail.json, at: 9)
        try statement.run()
    }
}
