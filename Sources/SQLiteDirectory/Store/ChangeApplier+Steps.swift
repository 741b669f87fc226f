import Foundation
import Provisioning

extension ChangeApplier {
    /// Applies one step of a set inside its savepoint, with its audit entry.
    func step(_ change: UserChange, set: UserChangeSet, user: inout UserState,
              delta: inout [String: Int]) throws {
        if case let .create(new, password) = change {
            try createStep(new, password: password, set: set, user: &user, delta: &delta)
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
            detail = .updated(attributes, roles: roles)
        case .assign(let license):
            try requireActive(user)
            guard try isKnownProduct(license.partNumber) else {
                throw Refusal(Violation(.notFound, "product '\(license.partNumber)' is not in the catalog",
                                        field: "Licenses"))
            }
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
            try restore(rowID: rowID, newName: newName, keep: keep, set: set, user: &user, delta: &delta,
                        detail: &detail)
            action = "restore"
        case .resetPassword(let password):
            try requireActive(user)
            try statements.setPassword(rowID: rowID, password: password)
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
        detail.add("previousUserPrincipalName", user.upn)
        detail.add("licensesRestored", kept)
        detail.add("licensesDropped", dropped)
        user.upn = newName
        user.deleted = false
    }

    /// Finds the set's user by object id, once per set.
    private func load(_ user: inout UserState, customerID: String) throws -> Int64 {
        if let rowID = user.rowID { return rowID }
        let statement = statements.findUser
        defer { statement.reset() }
        statement.bind(user.objectID, at: 1)
        guard try statement.step(), statement.text(1) == customerID else {
            throw Refusal(Violation(.notFound,
                                    "user '\(user.upn)' (object id \(user.objectID)) does not exist in \(customerID)"))
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
}
