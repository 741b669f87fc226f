import Foundation

/// The administration seam of a backend: customers, their domains, the seats bought, the
/// product catalog and the licensing rules. Beside ``Directory`` (the users and their
/// licenses) and ``JobLedger`` (what a job keeps to resume); see docs/store.md.
///
/// The rules every backend shares (``CustomerRules``, the permission matrix) are checked
/// against the values given; what only the store can know (an id or a domain taken, the
/// seats users hold) inside its transaction. Each change writes one audit entry without a
/// user when an ``AdminActor`` is given; `nil` writes none (fixtures, benchmarks).
public protocol DirectoryAdmin: AnyObject {
    /// Adds the customers in one transaction: all of them, or none.
    /// - Throws: ``AdminBatchRefusal`` naming the first refused customer.
    func addCustomers(_ customers: [Customer], by actor: AdminActor?) throws
    /// Changes a customer's name or default usage location (`nil` keeps the value).
    /// - Returns: the customer as it is now, and the fields changed.
    func updateCustomer(id: String, name: String?, location: String?,
                        by actor: AdminActor?) throws -> (customer: Customer, changed: [String])
    /// Adds verified domains to a customer.
    /// - Returns: the domains added (those it had already are left out).
    func addDomains(customerID: String, _ domains: [String], by actor: AdminActor?) throws -> [String]
    /// Removes domains from a customer; a domain active users still sign in with is refused.
    /// - Returns: the domains removed.
    func removeDomains(customerID: String, _ domains: [String], by actor: AdminActor?) throws -> [String]
    /// The customer that owns `domain` (lowercase), if any.
    func domainOwner(_ domain: String) throws -> String?
    /// How many active users of the customer sign in with a name on `domain`.
    func activeUsers(customerID: String, signingInWith domain: String) throws -> Int
    /// Sets the seats purchased of each subscription in one transaction: all, or none.
    /// - Parameter force: let a reduction go below the seats active users hold.
    /// - Returns: one change per subscription, in order.
    /// - Throws: ``AdminBatchRefusal`` naming the first refused subscription.
    func setSeats(_ subscriptions: [Subscription], force: Bool, by actor: AdminActor?) throws -> [SeatChange]
    /// Adds or updates products and their service plans (an upsert by part number).
    func importCatalog(_ products: [Product]) throws -> CatalogImportSummary
    /// Replaces the licensing rules.
    func storeRules(_ rules: LicensingRules) throws
}
