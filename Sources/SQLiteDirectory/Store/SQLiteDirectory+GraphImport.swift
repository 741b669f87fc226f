import Foundation
import Provisioning

// Design note: an import from Microsoft Graph writes the tenant's state as it is, in one
// transaction: users are created or updated to match, their licenses set to exactly what Graph
// lists, seats set to the prepaid units. It does not go through `apply`: the planner's rules
// and the seat check are for changes the partner asks for, while these are facts of the tenant
// (a customer may well be over-assigned there, and the preview should show it). Users the files
// do not name are left as they are. Imported users have no password in the store (the tenant
// has theirs): the password columns stay NULL, as `verifyPassword` already expects, and no
// credentials sheet is made. Every change is an audit entry with `"source": "graph"`.

extension SQLiteDirectory {
    /// Creates or updates the customer's users to match `users` (a tenant's state, e.g. from
    /// Microsoft Graph), all in one transaction: attributes as given (roles kept), licenses
    /// exactly the given ones, deleted users restored. New users get no password. No seat check:
    /// a tenant may hold more than it bought.
    /// - Parameters:
    ///   - users: the users, each of `customerID`, with licenses of catalog products.
    ///   - customerID: the customer.
    ///   - operatorName, role, batchID, now: for the audit log.
    /// - Throws: ``UserImportRefusal`` naming the user's index (an object id of another
    ///   customer, a name another active user holds); ``Provisioning/StoreError/unknownCustomer(_:)``,
    ///   ``Provisioning/StoreError/unknownProduct(_:)``.
    public func importUsers(_ users: [User], customerID: String, operatorName: String, role: OperatorRole,
                            batchID: String, now: Date) throws -> UserImportSummary {
        try requireCustomer(customerID)
        let known = Set(try products().map(\.partNumber))
        let at = ChangeApplier.timestamp(now)
        var summary = UserImportSummary()
        try connection.transaction {
            for (index, user) in users.enumerated() {
                for license in user.licenses where !known.contains(license.partNumber) {
                    throw StoreError.unknownProduct(license.partNumber)
                }
                let audit = { (action: String, detail: AuditDetail) in
                    try self.insertAudit(at: at, batchID: batchID, operatorName: operatorName, role: role,
                                         customerID: customerID, user: (user.objectID, user.userPrincipalName),
                                         action: action, detail: detail)
                }
                do {
                    try importOne(user, customerID: customerID, summary: &summary, audit: audit)
                } catch let error as SQLiteError where error.isUniqueConstraint {
                    let holder = try activeHolder(of: user.userPrincipalName, customerID: customerID)
                    throw UserImportRefusal(index: index, message: "user name '\(user.userPrincipalName)' is held in the store "
                                            + "by another user (object id \(holder ?? "unknown")) of customer \(customerID)")
                } catch let refusal as UserImportRefusal {
                    throw UserImportRefusal(index: index, message: refusal.message)
                }
            }
            if summary.created + summary.updated > 0 { try bumpChangeCounter(customerID) }
        }
        return summary
    }

    private func importOne(_ user: User, customerID: String, summary: inout UserImportSummary,
                           audit: (String, AuditDetail) throws -> Void) throws {
        let find = try connection.cached("SELECT \(UserRows.columns) FROM users AS u WHERE u.object_id = ?1")
        find.bind(user.objectID, at: 1)
        let found = try find.step() ? UserRows.read(find) : nil
        find.reset()
        guard let (rowID, current) = found else {
            try connection.run("""
                INSERT INTO users (object_id, customer_id, upn, display_name, first_name, last_name, job_title,
                    department, usage_location, account_enabled, roles, created_at, deleted_at, must_change_password)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, '', ?11, NULL, 0)
                """) { statement in
                statement.bind(user.objectID, at: 1)
                statement.bind(customerID, at: 2)
                statement.bind(user.userPrincipalName, at: 3)
                bindAttributes(user.attributes, to: statement, from: 4)
                statement.bind(user.createdAt.timeIntervalSince1970, at: 11)
            }
            let rowID = connection.lastInsertRowID
            for license in user.licenses { try insertImportedAssignment(rowID: rowID, license: license) }
            try audit("create", .graphCreated(user))
            summary.created += 1
            summary.licensesAdded += user.licenses.count
            return
        }
        guard current.customerID == customerID else {
            throw UserImportRefusal(index: 0, message: "object id \(user.objectID) ('\(user.userPrincipalName)') belongs to "
                                    + "customer \(current.customerID) in the store, not \(customerID)")
        }
        var changed = false
        if current.isDeleted {
            try connection.run("UPDATE users SET deleted_at = NULL, upn = ?2 WHERE id = ?1") {
                $0.bind(rowID, at: 1)
                $0.bind(user.userPrincipalName, at: 2)
            }
            try audit("restore", .graphRestored(previousName: current.userPrincipalName))
            summary.restored += 1
            changed = true
        }
        if current.attributes != user.attributes || current.userPrincipalName != user.userPrincipalName {
            try connection.run("""
                UPDATE users SET upn = ?2, display_name = ?3, first_name = ?4, last_name = ?5, job_title = ?6,
                    department = ?7, usage_location = ?8, account_enabled = ?9 WHERE id = ?1
                """) { statement in
                statement.bind(rowID, at: 1)
                statement.bind(user.userPrincipalName, at: 2)
                bindAttributes(user.attributes, to: statement, from: 3)
            }
            try audit("update", .graphUpdated(user.attributes, previousName: current.userPrincipalName == user.userPrincipalName
                                                   ? nil : current.userPrincipalName))
            changed = true
        }
        let held = Dictionary(try licenses(userRowID: rowID).map { ($0.partNumber, $0) }, uniquingKeysWith: { a, _ in a })
        let wanted = Set(user.licenses.map(\.partNumber))
        for product in held.keys.sorted() where !wanted.contains(product) {
            try connection.run("DELETE FROM assignments WHERE user_id = ?1 AND product = ?2") {
                $0.bind(rowID, at: 1)
                $0.bind(product, at: 2)
            }
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
                try connection.run("UPDATE assignments SET disabled_plans = ?3 WHERE user_id = ?1 AND product = ?2") {
                    $0.bind(rowID, at: 1)
                    $0.bind(license.partNumber, at: 2)
                    $0.bind(UserRows.join(license.disabledPlans), at: 3)
                }
            }
            try audit("assign", .graphAssigned(license, isNew: isNew))
            changed = true
        }
        if changed { summary.updated += 1 } else { summary.unchanged += 1 }
    }

    /// Sets the seats of several products of one customer in one transaction (an import of a
    /// tenant's subscriptions): each an upsert of the purchased number, with a `seats-set`
    /// audit entry (`"source": "graph"`). Seats below those assigned are taken as they are: the
    /// tenant says so. Products not named keep their seats.
    /// - Returns: each product's seats before and after, in the order given.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``, ``Provisioning/StoreError/unknownProduct(_:)``,
    ///   `invalid` for a negative number; nothing is written then.
    public func importSeats(_ seats: [(partNumber: String, seats: Int)], customerID: String, operatorName: String,
                            role: OperatorRole, batchID: String, now: Date) throws -> [SeatImportChange] {
        let at = ChangeApplier.timestamp(now)
        return try connection.transaction {
            try requireCustomer(customerID)
            let purchased = try purchasedSeats(customerID: customerID)
            var changes: [SeatImportChange] = []
            for (partNumber, count) in seats {
                guard count >= 0 else {
                    throw StoreError.invalid("seats of \(partNumber) for \(customerID) must be 0 or more, not \(count)")
                }
                guard try connection.scalar("SELECT 1 FROM products WHERE part_number = ?1", { $0.bind(partNumber, at: 1) }) != nil else {
                    throw StoreError.unknownProduct(partNumber)
                }
                let before = purchased[partNumber]
                changes.append(SeatImportChange(partNumber: partNumber, before: before, after: count))
                guard before != count else { continue }
                try connection.run("""
                    INSERT INTO subscriptions (customer_id, product, seats) VALUES (?1, ?2, ?3)
                    ON CONFLICT (customer_id, product) DO UPDATE SET seats = excluded.seats
                    """) {
                    $0.bind(customerID, at: 1)
                    $0.bind(partNumber, at: 2)
                    $0.bind(count, at: 3)
                }
                try insertAudit(at: at, batchID: batchID, operatorName: operatorName, role: role, customerID: customerID,
                                user: nil, action: "seats-set", detail: .graphSeatsSet(product: partNumber, seats: count, previous: before ?? 0))
            }
            if changes.contains(where: { $0.before != $0.after }) {
                try bumpChangeCounter(customerID, keepingTallies: true)
            }
            return changes
        }
    }

    /// Binds display name, first and last name, job title, department, usage location and
    /// account enabled to seven parameters in a row.
    private func bindAttributes(_ attributes: UserAttributes, to statement: Statement, from first: Int32) {
        statement.bind(attributes.displayName, at: first)
        statement.bind(attributes.firstName, at: first + 1)
        statement.bind(attributes.lastName, at: first + 2)
        statement.bind(attributes.jobTitle, at: first + 3)
        statement.bind(attributes.department, at: first + 4)
        statement.bind(attributes.usageLocation, at: first + 5)
        statement.bind(attributes.accountEnabled, at: first + 6)
    }

    private func insertImportedAssignment(rowID: Int64, license: LicenseAssignment) throws {
        try connection.run("INSERT INTO assignments (user_id, product, disabled_plans) VALUES (?1, ?2, ?3)") {
            $0.bind(rowID, at: 1)
            $0.bind(license.partNumber, at: 2)
            $0.bind(UserRows.join(license.disabledPlans), at: 3)
        }
    }

    private func activeHolder(of upn: String, customerID: String) throws -> String? {
        let statement = try connection.cached(
            "SELECT object_id FROM users WHERE customer_id = ?1 AND upn = ?2 AND deleted_at IS NULL")
        defer { statement.reset() }
        statement.bind(customerID, at: 1)
        statement.bind(upn, at: 2)
        return try statement.step() ? statement.text(0) : nil
    }
}
