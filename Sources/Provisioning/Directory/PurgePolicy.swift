import Foundation

/// Who may purge deleted users, checked above the store so that every backend refuses the
/// same roles: ``Directory/purge(customerID:deletedBefore:role:operatorName:batchID:now:)``
/// only writes.
public enum PurgePolicy {
    /// The `PermissionDenied` violation when `role` may not purge deleted users, else `nil`.
    public static func check(_ role: OperatorRole) -> Violation? {
        PermissionMatrix.check(role, .purgeUsers)
    }

    /// Checks `role`, then purges the customer's users deleted before `cutoff`.
    /// - Returns: how many were purged.
    /// - Throws: the `PermissionDenied` ``Violation`` (nothing written), or the store's errors.
    public static func purge(_ directory: any Directory, customerID: String, deletedBefore cutoff: Date,
                             role: OperatorRole, operatorName: String, batchID: String, now: Date) throws -> Int {
        if let denied = check(role) { throw denied }
        return try directory.purge(customerID: customerID, deletedBefore: cutoff, role: role,
                                   operatorName: operatorName, batchID: batchID, now: now)
    }
}
