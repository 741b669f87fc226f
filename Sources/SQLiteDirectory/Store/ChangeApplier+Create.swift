import Foundation
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

    /// A create step inside a savepoint (a set with further steps).
    func createStep(_ new: User, password: TemporaryPassword, set: UserChangeSet, user: inout UserState,
                    delta: inout [String: Int]) throws {
        if user.rowID != nil {
            throw Refusal(Violation(.invalidInput, "user '\(new.userPrincipalName)' is created twice in one change set"))
        }
        let licenses = try checkCreate(new, set: set)
        try insertUser(new, password: password, user: &user)
        try finishCreate(new, licenses: licenses, user: user, customerID: set.customerID)
        if new.deletedAt == nil { for license in licenses { delta[license.partNumber, default: 0] += 1 } }
    }

    /// Checks what can be checked before writing.
    /// - Returns: the user's licenses without repeated products.
    private func checkCreate(_ new: User, set: UserChangeSet) throws -> [LicenseAssignment] {
        guard new.customerID == set.customerID, new.objectID == set.objectID.fastLowercased else {
            throw Refusal(Violation(.invalidInput, "the new user's customer or object id differs from its change set's"))
        }
        var licenses: [LicenseAssignment] = []
        licenses.reserveCapacity(new.licenses.count)
        for license in new.licenses where !licenses.contains(where: { $0.partNumber == license.partNumber }) {
            guard try isKnownProduct(license.partNumber) else {
                throw Refusal(Violation(.notFound, "product '\(license.partNumber)' is not in the catalog",
                                        field: "Licenses"))
            }
            licenses.append(license)
        }
        return licenses
    }

    /// Inserts the user row.
    /// - Throws: ``Refusal`` with a `UniquenessViolation` when the name (or object id) is taken.
    private func insertUser(_ new: User, password: TemporaryPassword, user: inout UserState) throws {
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
    }

    /// Inserts the assignments and the audit entry of a created user.
    private func finishCreate(_ new: User, licenses: [LicenseAssignment], user: UserState,
                              customerID: String) throws {
        guard let rowID = user.rowID else { return }
        for license in licenses { try statements.insertAssignment(rowID: rowID, license: license) }
        try audit("create", user: user, customerID: customerID, detail: .created(new, licenses: licenses))
    }
}
