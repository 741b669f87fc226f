import Foundation

/// Imports of a tenant's state as it is (from Microsoft Graph, docs/graph-import.md), outside
/// ``Directory/apply(_:)``: no planner rules and no seat check, since these are facts of the
/// tenant, not changes the partner asks for. Each call is one transaction, audit-logged with
/// `"source": "graph"`. The role is checked above the store, by ``AdminPolicy``.
public protocol DirectoryImport: AnyObject {
    /// Creates or updates the customer's users to match `users`, in one transaction: attributes
    /// as given (roles kept), licenses exactly the given ones, deleted users restored, no
    /// password (imported users keep theirs in the tenant).
    /// - Parameters:
    ///   - operatorName, role, batchID, now: for the audit log.
    /// - Throws: ``UserImportRefusal`` naming the user's index (an object id of another
    ///   customer, a name another active user holds), ``StoreError/unknownCustomer(_:)``,
    ///   ``StoreError/unknownProduct(_:)``; nothing is written then.
    func importUsers(_ users: [User], customerID: String, operatorName: String, role: OperatorRole,
                     batchID: String, now: Date) throws -> UserImportSummary
    /// Sets the seats purchased of several products of one customer in one transaction, one
    /// `seats-set` audit entry per product that changed. Seats below those assigned are taken as
    /// they are. Products not named keep their seats.
    /// - Returns: each product's seats before and after, in the order given.
    /// - Throws: ``StoreError/unknownCustomer(_:)``, ``StoreError/unknownProduct(_:)``,
    ///   ``StoreError/invalid(_:)`` for a negative number; nothing is written then.
    func importSeats(_ seats: [(partNumber: String, seats: Int)], customerID: String, operatorName: String,
                     role: OperatorRole, batchID: String, now: Date) throws -> [SeatImportChange]
}
