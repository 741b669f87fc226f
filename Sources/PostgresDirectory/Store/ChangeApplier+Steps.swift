import Foundation
import PasswordHashing
import Provisioning

extension ChangeApplier {
    /// A set that is one create, without a savepoint (see the design note in ChangeApplier.swift).
    /// - Returns: the seat delta.
    func createAlone(_ new: User, password: TemporaryPassword, set: UserChangeSet,
                     customer: CustomerSeats) throws -> [String: Int] {
        try insertJournal(set)
        var delta: [String: Int] = [:]
        do {
            let licenses = try checkCreate(new, set: set)
            if new.deletedAt == nil { for license in licenses { delta[license.partNumber] = 1 } }
            try checkSeats(delta, customer: customer)
            var user = UserState(objectID: new.objectID, upn: new.userPrincipalName)
            try insertUser(new, password: password, user: &user)
            try finishCreate(new, licenses: licenses, user: user, customerID: set.customerID)
        } catch let refusal as Refusal {
            try deleteJournal(set)
            throw refusal
        }
        return delta
    }

    /// Checks what can be checked before writing.
    /// - Returns: the user's licenses without repeated products.
    func checkCreate(_ new: User, set: UserChangeSet) throws -> [LicenseAssignment] {
        guard new.customerID == set.customerID, new.objectID == set.objectID.fastLowercased else {
            throw Refusal(Violation(.invalidInput, "the new user's customer or object id differs from its change set's"))
        }
        var licenses: [LicenseAssignment] = []
        for license in new.licenses where !licenses.contains(where: { $0.partNumber == license.partNumber }) {
            guard try isKnownProduct(license.partNumber) else {
                throw Refusal(Violation(.notFound, "product '\(license.partNumber)' is not in the catalog", field: "Licenses"))
            }
            licenses.append(license)
        }
        return licenses
    }

    /// The refusal of a user row the unique indexes kept out: its object id or its name is taken.
    func takenRefusal(_ new: User) throws -> Refusal {
        if try connection.query("SELECT 1 FROM users WHERE object_id = $1", [new.objectID]).count > 0 {
            return Refusal(Violation(.uniquenessViolation, "object id \(new.objectID) already exists", field: "ObjectId"))
        }
        return Refusal(Violation(.uniquenessViolation, "user name '\(new.userPrincipalName)' is already taken in \(new.customerID)",
                                 fix: "choose another user name", field: "UserPrincipalName"))
    }

    /// The hash columns of a new password: scheme, salt, hash.
    func hashed(_ password: TemporaryPassword) throws -> (scheme: Int64, salt: [UInt8], hash: [UInt8]) {
        let (salt, hash) = try PasswordHasher.hash(TemporaryPasswordText(password.reveal()), salts: salts)
        return (PasswordHasher.scheme, salt, hash)
    }

    /// Inserts the user row.
    /// - Throws: ``Refusal`` with a `UniquenessViolation` when the name (or object id) is taken.
    private func insertUser(_ new: User, password: TemporaryPassword, user: inout UserState) throws {
        let (scheme, salt, hash) = try hashed(password)
        let a = new.attributes
        let rows = try connection.query("""
            INSERT INTO users (object_id, customer_id, upn, display_name, first_name, last_name, job_title, department,
                usage_location, account_enabled, roles, created_at, deleted_at, must_change_password, password_scheme,
                password_salt, password_hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, true, $14, $15, $16)
            ON CONFLICT DO NOTHING RETURNING id
            """, [new.objectID, new.customerID, new.userPrincipalName, a.displayName, a.firstName, a.lastName, a.jobTitle,
                  a.department, a.usageLocation, a.accountEnabled, UserColumns.join(new.roles),
                  new.createdAt.timeIntervalSince1970, new.deletedAt?.timeIntervalSince1970, scheme, salt, hash])
        guard rows.count == 1 else { throw try takenRefusal(new) }
        user.rowID = rows.int64(0, 0)
        user.upn = new.userPrincipalName
        user.deleted = new.deletedAt != nil
    }

    /// Inserts the assignments and the audit entry of a created user.
    private func finishCreate(_ new: User, licenses: [LicenseAssignment], user: UserState, customerID: String) throws {
        guard let rowID = user.rowID else { return }
        for license in licenses {
            try connection.query("INSERT INTO assignments (user_id, product, disabled_plans) VALUES ($1, $2, $3)",
                                 [rowID, license.partNumber, UserColumns.join(license.disabledPlans)])
        }
        try audit("create", user: user, customerID: customerID, detail: .created(new, licenses: licenses))
    }

    /// Applies one step of a set inside its savepoint, with its audit entry.
    func step(_ change: UserChange, set: UserChangeSet, user: inout UserState, delta: inout [String: Int]) throws {
        if case let .create(new, password) = change {
            if user.rowID != nil {
                throw Refusal(Violation(.invalidInput, "user '\(new.userPrincipalName)' is created twice in one change set"))
            }
            let licenses = try checkCreate(new, set: set)
            try insertUser(new, password: password, user: &user)
            try finishCreate(new, licenses: licenses, user: user, customerID: set.customerID)
            if new.deletedAt == nil { for license in licenses { delta[license.partNumber, default: 0] += 1 } }
            return
        }
        let rowID = try load(&user, customerID: set.customerID)
        var detail = AuditDetail()
        let action: String
        switch change {
        case .create:
            return
        case let .setAttributes(a, roles):
            try requireActive(user)
            try connection.query("""
                UPDATE users SET display_name = $2, first_name = $3, last_name = $4, job_title = $5, department = $6,
                    usage_location = $7, account_enabled = $8, roles = $9 WHERE id = $1
                """, [rowID, a.displayName, a.firstName, a.lastName, a.jobTitle, a.department, a.usageLocation,
                      a.accountEnabled, UserColumns.join(roles)])
            action = "update"
            detail = .updated(a, roles: roles)
        case .assign(let license):
            try requireActive(user)
            guard try isKnownProduct(license.partNumber) else {
                throw Refusal(Violation(.notFound, "product '\(license.partNumber)' is not in the catalog", field: "Licenses"))
            }
            let rows = try connection.query("""
                INSERT INTO assignments (user_id, product, disabled_plans) VALUES ($1, $2, $3)
                ON CONFLICT (user_id, product) DO UPDATE SET disabled_plans = excluded.disabled_plans
                RETURNING xmax = 0
                """, [rowID, license.partNumber, UserColumns.join(license.disabledPlans)])
            let added = rows.count == 1 && rows.bool(0, 0)
            if added { delta[license.partNumber, default: 0] += 1 }
            action = "assign"
            detail.add("product", license.partNumber)
            detail.add("disabledPlans", license.disabledPlans)
            detail.add("change", added ? "added" : "updated")
        case .revoke(let partNumber):
            try requireActive(user)
            let rows = try connection.query("DELETE FROM assignments WHERE user_id = $1 AND product = $2", [rowID, partNumber])
            guard rows.affected > 0 else { return }
            delta[partNumber, default: 0] -= 1
            action = "revoke"
            detail.add("product", partNumber)
        case .delete:
            try requireActive(user)
            let held = try heldProducts(rowID)
            try connection.query("UPDATE users SET deleted_at = $2 WHERE id = $1", [rowID, batch.now.timeIntervalSince1970])
            for product in held { delta[product, default: 0] -= 1 }
            user.deleted = true
            action = "delete"
            detail.add("licensesReleased", held)
        case let .restore(newName, keep):
            try restore(rowID: rowID, newName: newName, keep: keep, set: set, user: &user, delta: &delta, detail: &detail)
            action = "restore"
        case .resetPassword(let password):
            try requireActive(user)
            let (scheme, salt, hash) = try hashed(password)
            try connection.query("""
                UPDATE users SET password_scheme = $2, password_salt = $3, password_hash = $4, must_change_password = true
                WHERE id = $1
                """, [rowID, scheme, salt, hash])
            action = "reset-password"
            detail.add("passwordIssued", true)
            detail.add("mustChangePassword", true)
            if set.kind == .reissue { detail.add("reissued", "undelivered") }
        }
        try audit(action, user: user, customerID: set.customerID, detail: detail)
    }

    /// Restores a deleted user under `newName`, keeping only the assignments of `keep`.
    private func restore(rowID: Int64, newName: String, keep: [String], set: UserChangeSet, user: inout UserState,
                         delta: inout [String: Int], detail: inout AuditDetail) throws {
        guard user.deleted else {
            throw Refusal(Violation(.invalidInput, "user '\(user.upn)' is not deleted, so cannot be restored"))
        }
        let held = try heldProducts(rowID)
        let kept = held.filter { keep.contains($0) }
        let dropped = held.filter { !keep.contains($0) }
        if !dropped.isEmpty {
            try connection.query("DELETE FROM assignments WHERE user_id = $1 AND product = ANY ($2::text[])",
                                 [rowID, TextArray(dropped)])
        }
        do {
            try connection.query("UPDATE users SET deleted_at = NULL, upn = $2 WHERE id = $1", [rowID, newName])
        } catch let error as PostgresError where error.isUniqueViolation {
            throw Refusal(Violation(.uniquenessViolation, "user name '\(newName)' is taken by an active user of \(set.customerID)",
                                    fix: "restore under another name (--new-upn)", field: "UserPrincipalName"))
        }
        for product in kept { delta[product, default: 0] += 1 }
        detail.add("previousUserPrincipalName", user.upn)
        detail.add("licensesRestored", kept)
        detail.add("licensesDropped", dropped)
        user.upn = newName
        user.deleted = false
    }

    /// The products a user holds (or held at deletion), sorted.
    private func heldProducts(_ rowID: Int64) throws -> [String] {
        let rows = try connection.query("SELECT product FROM assignments WHERE user_id = $1 ORDER BY product COLLATE \"C\"", [rowID])
        return (0..<rows.count).map { rows.text($0, 0) }
    }

    /// Finds the set's user by object id, once per set, and locks its row (`FOR UPDATE`) so
    /// that two writers changing one user take turns and the second sees the first's change.
    private func load(_ user: inout UserState, customerID: String) throws -> Int64 {
        if let rowID = user.rowID { return rowID }
        let rows = try connection.query("SELECT id, customer_id, upn, deleted_at FROM users WHERE object_id = $1 FOR UPDATE",
                                        [user.objectID])
        guard rows.count == 1, rows.text(0, 1) == customerID else {
            throw Refusal(Violation(.notFound, "user '\(user.upn)' (object id \(user.objectID)) does not exist in \(customerID)"))
        }
        user.rowID = rows.int64(0, 0)
        user.upn = rows.text(0, 2)
        user.deleted = !rows.isNull(0, 3)
        return rows.int64(0, 0)
    }

    private func requireActive(_ user: UserState) throws {
        if user.deleted {
            throw Refusal(Violation(.notFound, "user '\(user.upn)' is deleted", fix: "restore the user first"))
        }
    }
}
