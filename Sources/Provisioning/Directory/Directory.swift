import Foundation

/// The system of record the planner reads and the executor writes: SQLite today, other
/// stores (PostgreSQL, Microsoft Graph, SCIM) later. Batch-oriented so that a remote store
/// costs one round trip per chunk, not per user, and free of any storage type.
///
/// One of three seams a backend implements (docs/store.md): this one (the users and their
/// licenses: reads and ``apply(_:)``), ``JobLedger`` (journal, finished batches, credential
/// marks, locks) and ``DirectoryAdmin`` (customers, domains, seats, catalog, rules). Object
/// ids are assigned above the seam, by the planner (a create carries its ``User``), so the
/// results of ``apply(_:)`` need carry no ids. Policy (who may do what) is checked above it too.
public protocol Directory: AnyObject {
    // MARK: Catalog

    /// Every product in the catalog, with its service plans.
    func products() throws -> [Product]
    /// The licensing rules (dependencies, exclusions, locations) for the catalog.
    func licensingRules() throws -> LicensingRules

    // MARK: Customers

    /// Every customer, sorted by id.
    func customers() throws -> [Customer]
    /// Seats per product for one customer: purchased, and assigned as counted from the
    /// active users' assignments.
    func seatUsage(customerID: String) throws -> [SeatUsage]
    /// A number that changes whenever anything of the customer changes (users, assignments,
    /// seats); saved plans record it and refuse to apply when it moved.
    func changeCounter(customerID: String) throws -> Int64

    // MARK: Users

    /// The users with these sign-in names (case-insensitive), active or deleted and not
    /// purged, with their licenses. Several deleted users may share a name.
    func users(customerID: String, principalNames: [String]) throws -> [User]
    /// The users with these object ids, active or deleted and not purged.
    func users(customerID: String, objectIDs: [String]) throws -> [User]
    /// One page of users matching `query`.
    func listUsers(customerID: String, query: UserQuery) throws -> UserPage

    // MARK: Writing

    /// Applies the batch in one transaction, each set atomically (a refused set leaves no
    /// trace), journaling every applied set under the batch id and writing the audit log.
    /// - Returns: one result per set, in order.
    func apply(_ batch: ChangeBatch) throws -> [UserChangeResult]
    /// Removes for good the customer's users deleted before `cutoff` (the end of their
    /// restore window, ``PlanOptions/restoreWindow``), with their assignments, in one transaction,
    /// writing one `purge` audit entry per user; also drops journal entries older than `cutoff`.
    /// The permission check is the caller's (``PurgePolicy/check(_:)``): the store only writes.
    /// - Returns: how many were purged.
    func purge(customerID: String, deletedBefore cutoff: Date, role: OperatorRole, operatorName: String,
               batchID: String, now: Date) throws -> Int
}

/// Another job holds the customer's lock.
public struct LockBusy: Error, CustomStringConvertible, Sendable, Hashable {
    /// The customer.
    public var customerID: String
    /// Who holds it (e.g. `pid 1234 on host, batch 9f1c…, since 2026-11-21T22:00:00Z`).
    public var holder: String

    /// Creates the error.
    public init(customerID: String, holder: String) {
        self.customerID = customerID
        self.holder = holder
    }

    public var description: String {
        "customer \(customerID) is locked by another job (\(holder)); try again later or pass --wait SECONDS"
    }
}

/// Which users to list, and how.
public struct UserQuery: Sendable, Hashable {
    /// A filter on users.
    public enum Filter: Sendable, Hashable {
        /// Active users.
        case all
        /// Active users without licenses.
        case unlicensed
        /// Active users with at least one license.
        case licensed
        /// Deleted users not yet purged.
        case deleted
        /// Active users holding the product.
        case product(String)
        /// Active users of a department (exact, case-insensitive).
        case department(String)
        /// Active users with this usage location.
        case location(String)
    }

    /// Sort keys.
    public enum Sort: String, Sendable, Hashable, CaseIterable {
        /// By sign-in name (default).
        case userPrincipalName = "upn"
        /// By display name.
        case displayName = "name"
        /// By creation time.
        case created
        /// By department.
        case department
    }

    /// The filter.
    public var filter: Filter
    /// The sort key.
    public var sort: Sort
    /// 1-based page number.
    public var page: Int
    /// Users per page.
    public var pageSize: Int

    /// Creates a query.
    public init(filter: Filter = .all, sort: Sort = .userPrincipalName, page: Int = 1, pageSize: Int = 50) {
        self.filter = filter
        self.sort = sort
        self.page = page
        self.pageSize = pageSize
    }
}

/// One page of listed users.
public struct UserPage: Sendable, Hashable {
    /// The users on this page.
    public var users: [User]
    /// Users matching the filter, on all pages.
    public var total: Int
    /// The page number.
    public var page: Int
    /// Users per page.
    public var pageSize: Int

    /// Creates a page.
    public init(users: [User], total: Int, page: Int, pageSize: Int) {
        self.users = users
        self.total = total
        self.page = page
        self.pageSize = pageSize
    }

    /// Pages in all (at least 1).
    public var pageCount: Int { max(1, (total + pageSize - 1) / max(1, pageSize)) }
}
