import Foundation

/// Who may change customers, domains and seats, and import a tenant's users and seats, checked
/// above the store so that every backend refuses the same roles (``PermissionMatrix``,
/// docs/permissions.md): each function checks the actor's role, then calls the store, which only
/// writes. A refused call throws the `PermissionDenied` ``Violation`` and never reaches the
/// store. With no actor (fixtures, `init --sample`) nothing is checked and no audit entry written.
///
/// Purge has its own, ``PurgePolicy``; the planner checks the user changes of a job.
public enum AdminPolicy {
    /// The `PermissionDenied` violation when the actor's role may not do `operation`, else
    /// `nil` (also when there is no actor).
    public static func check(_ actor: AdminActor?, _ operation: Operation) -> Violation? {
        guard let actor else { return nil }
        return PermissionMatrix.check(actor.role, operation)
    }

    /// Checks ``Operation/manageCustomers``, then ``DirectoryAdmin/addCustomers(_:by:)``.
    public static func addCustomers(_ customers: [Customer], by actor: AdminActor?, in store: any DirectoryAdmin) throws {
        try require(actor, .manageCustomers)
        try store.addCustomers(customers, by: actor)
    }

    /// One customer: ``addCustomers(_:by:in:)`` with the refusal's violation itself.
    /// - Throws: the ``Violation`` (not an ``AdminBatchRefusal``).
    public static func addCustomer(_ customer: Customer, by actor: AdminActor?, in store: any DirectoryAdmin) throws {
        do {
            try addCustomers([customer], by: actor, in: store)
        } catch let refusal as AdminBatchRefusal {
            throw refusal.violation
        }
    }

    /// Checks ``Operation/manageCustomers``, then ``DirectoryAdmin/updateCustomer(id:name:location:by:)``.
    public static func updateCustomer(id: String, name: String?, location: String?, by actor: AdminActor?,
                                      in store: any DirectoryAdmin) throws -> (customer: Customer, changed: [String]) {
        try require(actor, .manageCustomers)
        return try store.updateCustomer(id: id, name: name, location: location, by: actor)
    }

    /// Checks ``Operation/manageCustomers``, then ``DirectoryAdmin/addDomains(customerID:_:by:)``.
    public static func addDomains(customerID: String, _ domains: [String], by actor: AdminActor?,
                                  in store: any DirectoryAdmin) throws -> [String] {
        try require(actor, .manageCustomers)
        return try store.addDomains(customerID: customerID, domains, by: actor)
    }

    /// Checks ``Operation/manageCustomers``, then ``DirectoryAdmin/removeDomains(customerID:_:by:)``.
    public static func removeDomains(customerID: String, _ domains: [String], by actor: AdminActor?,
                                     in store: any DirectoryAdmin) throws -> [String] {
        try require(actor, .manageCustomers)
        return try store.removeDomains(customerID: customerID, domains, by: actor)
    }

    /// Checks ``Operation/manageSubscriptions``, then ``DirectoryAdmin/setSeats(_:force:by:)``.
    public static func setSeats(_ subscriptions: [Subscription], force: Bool, by actor: AdminActor?,
                                in store: any DirectoryAdmin) throws -> [SeatChange] {
        try require(actor, .manageSubscriptions)
        return try store.setSeats(subscriptions, force: force, by: actor)
    }

    /// Checks ``Operation/bulkCreateUsers`` (an import creates users from files, as Partner
    /// Center's bulk upload), then ``DirectoryImport/importUsers(_:customerID:operatorName:role:batchID:now:)``.
    public static func importUsers(_ users: [User], customerID: String, by actor: AdminActor,
                                   into store: any DirectoryImport) throws -> UserImportSummary {
        try require(actor, .bulkCreateUsers)
        return try store.importUsers(users, customerID: customerID, operatorName: actor.operatorName, role: actor.role,
                                     batchID: actor.batchID, now: actor.now)
    }

    /// Checks ``Operation/manageSubscriptions``, then ``DirectoryImport/importSeats(_:customerID:operatorName:role:batchID:now:)``.
    public static func importSeats(_ seats: [(partNumber: String, seats: Int)], customerID: String, by actor: AdminActor,
                                   into store: any DirectoryImport) throws -> [SeatImportChange] {
        try require(actor, .manageSubscriptions)
        return try store.importSeats(seats, customerID: customerID, operatorName: actor.operatorName, role: actor.role,
                                     batchID: actor.batchID, now: actor.now)
    }

    /// Throws the `PermissionDenied` violation of ``check(_:_:)``.
    private static func require(_ actor: AdminActor?, _ operation: Operation) throws {
        if let denied = check(actor, operation) { throw denied }
    }
}
