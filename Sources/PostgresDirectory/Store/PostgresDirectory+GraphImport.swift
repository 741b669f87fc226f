import Foundation
import Provisioning

// Design note: the Microsoft Graph imports of SQLiteDirectory+GraphImport.swift on PostgreSQL:
// a tenant's state written as it is, in one transaction, outside `apply` (no planner rules,
// no seat check), every change an audit entry with `"source": "graph"`. Imported users get no
// password. The import changes active users' assignments, so it adds its net change to
// `seat_tallies` like any other writer.

extension PostgresDirectory {
    /// Creates or updates the customer's users to match `users`, in one transaction:
    /// attributes as given (roles kept), licenses exactly the given ones, deleted users
    /// restored, no password.
    /// - Throws: ``UserImportRefusal`` naming the user's index, ``Provisioning/StoreError/unknownCustomer(_:)``,
    ///   ``Provisioning/StoreError/unknownProduct(_:)``; nothing is written then.
    public func importUsers(_ users: [User], customerID: String, operatorName: String, role: OperatorRole,
                            batchID: String, now: Date) throws -> UserImportSummary {
        try requireCustomer(customerID)
        let known = Set(try products().map(\.partNumber))
        let at = AuditDetail.timestamp(now)
        return try transaction {
            var summary = UserImportSummary()
            var delta: [String: Int] = [:]
            for (index, user) in users.enumerated() {
                for license in user.licenses where !known.contains(license.partNumber) {
                    throw StoreError.unknownProduct(license.partNumber)
                }
                let audit = { (action: String, detail: AuditDetail) in
                    try self.insertAudit(at: at, batchID: batchID, operatorName: operatorName, role: role, customerID: customerID,
                                         user: (user.objectID, user.userPrincipalName), action: action, detail: detail)
                }
                do {
                    try connection.savepoint {
                        try importOne(user, customerID: customerID, summary: &summary, delta: &delta, audit: audit)
                    }
                } catch let error as PostgresError where error.isUniqueViolation {
                    let holder = try connection.query("""
                        SELECT object_id FROM users WHERE customer_id = $1 AND lower(upn) = lower($2::text) AND deleted_at IS NULL
                        """, [customerID, user.userPrincipalName])
                    throw UserImportRefusal(index: index, message: "user name '\(user.userPrincipalName)' is held in the store "
                                            + "by another user (object id \(holder.count == 1 ? holder.text(0, 0) : "unknown")) "
                                            + "of customer \(customerID)")
                } catch let refusal as UserImportRefusal {
                    throw UserImportRefusal(index: index, message: refusal.message)
                }
            }
            if summary.created + summary.updated > 0 {
                try addToTallies(customerID: customerID, delta)
                try bumpChangeCounter(customerID)
            }
            return summary
        }
    }

    private func importOne(_ user: User, customerID: String, summary: inout UserImportSummary, delta: inout [String: Int],
                           audit: (String, AuditDetail) throws -> Void) throws {
        let found = try connection.query("SELECT \(UserColumns.list) FROM users AS u WHERE u.object_id = $1 FOR UPDATE",
                                         [user.objectID])
        let a = user.attributes
        guard found.count == 1 else {
            let inserted = try connection.query("""
                INSERT INTO users (object_id, customer_id, upn, display_name, first_name, last_name, job_title,
                    department, usage_location, account_enabled, roles, created_at, deleted_at, must_change_password)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '', $11, NULL, false) RETURNING id
                """, [user.objectID, customerID, user.userPrincipalName, a.displayName, a.firstName, a.lastName, a.jobTitle,
                      a.department, a.usageLocation, a.accountEnabled, user.createdAt.timeIntervalSince1970])
            let rowID = inserted.int64(0, 0)
            for license in user.licenses { try insertImportedAssignment(rowID: rowID, license: license) }
            for license in user.licenses { delta[license.partNumber, default: 0] += 1 }
            try audit("create", .graphCreated(user))
            summary.created += 1
            summary.licensesAdded += user.licenses.count
            return
        }
        let (rowID, current) = UserColumns.read(found, 0)
        guard current.customerID == customerID else {
            throw UserImportRefusal(index: 0, message: "object id \(user.objectID) ('\(user.userPrincipalName)') belongs to "
                                    + "customer \(current.customerID) in the store, not \(customerID)")
        }
        let heldRows = try connection.query("SELECT product, disabled_plans FROM assignments WHERE user_id = $1", [rowID])
        var held: [String: LicenseAssignment] = [:]
        for row in 0..<heldRows.count {
            held[heldRows.text(row, 0)] = LicenseAssignment(partNumber: heldRows.text(row, 0),
                                                            disabledPlans: UserColumns.split(heldRows.text(row, 1)))
        }
        if !current.isDeleted { for product in held.keys { delta[product, default: 0] -= 1 } }
        for license in user.licenses { delta[license.partNumber, default: 0] += 1 }
        var changed = false
        if current.isDeleted {
            try connection.query("UPDATE users SET deleted_at = NULL, upn = $2 WHERE id = $1", [rowID, user.userPrincipalName])
            try audit("restore", .graphRestored(previousName: current.userPrincipalName))
            summary.restored += 1
            changed = true
        }
        if current.attributes != a || current.userPrincipalName != user.userPrincipalName {
            try connection.query("""
                UPDATE users SET upn = $2, display_name = $3, first_name = $4, last_name = $5, job_title = $6,
                    department = $7, usage_location = $8, account_enabled = $9 WHERE id = $1
                """, [rowID, user.userPrincipalName, a.displayName, a.firstName, a.lastName, a.jobTitle, a.department,
                      a.usageLocation, a.accountEnabled])
            try audit("update", .graphUpdated(a, previousName: current.userPrincipalName == user.userPrincipalName
                                                           ? nil : current.userPrincipalName))
            changed = true
        }
        let wanted = Set(user.licenses.map(\.partNumber))
        for product in held.keys.sorted() where !wanted.contains(product) {
            try connection.query("DELETE FROM assignments WHERE user_id = $1 AND product = $2", [rowID, product])
            try audit("revoke", .graphRevoked(product))
            summary.licensesRemoved += 1
            changed = true
        }
        for license in user.licenses where held[license.partNumber] != license {
            let isNew = held[license.partNumber] == nil
            if isNew {
                try insertImportedAssignment(rowID: rowID, license: license)
                summary.licensesAdded += 1
            } else {
                try connection.query("UPDATE assignments SET disabled_plans = $3 WHERE user_id = $1 AND product = $2",
                                     [rowID, license.partNumber, UserColumns.join(license.disabledPlans)])
            }
            try audit("assign", .graphAssigned(license, isNew: isNew))
            changed = true
        }
        if changed { summary.updated += 1 } else { summary.unchanged += 1 }
    }

    /// Sets the seats of several products of one customer in one transaction (an import of a
    /// tenant's subscriptions), one `seats-set` audit entry each that changed.
    /// - Returns: each product's seats before and after, in the order given.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``, ``Provisioning/StoreError/unknownProduct(_:)``,
    ///   `invalid` for a negative number; nothing is written then.
    public func importSeats(_ seats: [(partNumber: String, seats: Int)], customerID: String, operatorName: String,
                            role: OperatorRole, batchID: String, now: Date) throws -> [SeatImportChange] {
        let at = AuditDetail.timestamp(now)
        return try transaction {
            try requireCustomer(customerID)
            let purchased = try purchasedSeats(customerID: customerID)
            var changes: [SeatImportChange] = []
            for (partNumber, count) in seats {
                guard count >= 0 else {
                    throw StoreError.invalid("seats of \(partNumber) for \(customerID) must be 0 or more, not \(count)")
                }
                guard try connection.query("SELECT 1 FROM products WHERE part_number = $1", [partNumber]).count == 1 else {
                    throw StoreError.unknownProduct(partNumber)
                }
                let before = purchased[partNumber]
                changes.append(SeatImportChange(partNumber: partNumber, before: before, after: count))
                guard before != count else { continue }
                try connection.query("""
                    INSERT INTO subscriptions (customer_id, product, seats) VALUES ($1, $2, $3)
                    ON CONFLICT (customer_id, product) DO UPDATE SET seats = excluded.seats
                    """, [customerID, partNumber, count])
                try insertAudit(at: at, batchID: batchID, operatorName: operatorName, role: role, customerID: customerID,
                                user: nil, action: "seats-set", detail: .graphSeatsSet(product: partNumber, seats: count, previous: before ?? 0))
            }
            if changes.contains(where: { $0.before != $0.after }) { try bumpChangeCounter(customerID) }
            return changes
        }
    }

    private func insertImportedAssignment(rowID: Int64, license: LicenseAssignment) throws {
        try connection.query("INSERT INTO assignments (user_id, product, disabled_plans) VALUES ($1, $2, $3)",
                             [rowID, license.partNumber, UserColumns.join(license.disabledPlans)])
    }
}
