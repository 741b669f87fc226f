import Foundation

/// A deleted user whose restore window has passed: what ``Directory/purge(customerID:deletedBefore:role:operatorName:batchID:now:)``
/// removes, as ``DirectoryInspection/purgeCandidates(customerID:deletedBefore:)`` lists it for a dry run.
public struct PurgeCandidate: Hashable, Sendable {
    /// The user's object id.
    public var objectID: String
    /// The user's sign-in name.
    public var userPrincipalName: String
    /// When the user was deleted.
    public var deletedAt: Date

    /// Creates a candidate.
    public init(objectID: String, userPrincipalName: String, deletedAt: Date) {
        self.objectID = objectID
        self.userPrincipalName = userPrincipalName
        self.deletedAt = deletedAt
    }
}
