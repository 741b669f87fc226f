import Foundation

/// What the listing and audit commands read from a store beyond ``Directory``'s reads: the audit
/// log page by page, user counts, every user of a query in one pass, and the users a purge would
/// remove. Reads only; see docs/store.md, "The seam".
public protocol DirectoryInspection: AnyObject {
    /// One page of a customer's audit log, filtered by batch, operator and time, newest or
    /// oldest first (by the order of writing), with the number of entries matching.
    /// - Throws: ``StoreError/unknownCustomer(_:)``.
    func auditEntries(_ query: AuditQuery) throws -> AuditPage
    /// Active and deleted (not yet purged) users of a customer.
    /// - Throws: ``StoreError/unknownCustomer(_:)``.
    func userCounts(customerID: String) throws -> (active: Int, deleted: Int)
    /// Every user matching `query` (its filter and sort; page and page size are not used), in
    /// one pass over one consistent view of the store, so memory stays flat however many there
    /// are and `total` is the number of users `body` gets.
    /// - Parameters:
    ///   - total: called once, before the first user, with the number of users matching.
    ///   - body: called with each user, with its licenses.
    /// - Throws: ``StoreError/unknownCustomer(_:)``, or what `total` or `body` throw.
    func forEachUser(customerID: String, query: UserQuery, total: (Int) throws -> Void,
                     _ body: (User) throws -> Void) throws
    /// The customer's users that ``Directory/purge(customerID:deletedBefore:role:operatorName:batchID:now:)``
    /// would remove with the same cutoff, oldest deletion first; writes nothing.
    func purgeCandidates(customerID: String, deletedBefore cutoff: Date) throws -> [PurgeCandidate]
}
