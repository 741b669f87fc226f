import Foundation
import Provisioning

/// A backend under a conformance check, with the check's clock, users and failures.
final class Harness {
    let directory: any Directory & JobLedger
    let seed: ConformanceSeed
    let customerID: String
    /// "Now" of the next batch; checks move it with ``advance(days:)``.
    private(set) var now: Date
    private(set) var failures: [String] = []
    private var counter = 0

    init(_ directory: any Directory & JobLedger, seed: ConformanceSeed) {
        self.directory = directory
        self.seed = seed
        self.customerID = seed.customer.id
        self.now = seed.now
    }

    /// Records a failure unless `condition` holds.
    func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { failures.append(message()) }
    }

    /// Records a failure.
    func fail(_ message: String) {
        failures.append(message)
    }

    /// Moves "now" forward.
    func advance(days: Double) {
        now = now.addingTimeInterval(days * 86_400)
    }

    /// A new user (not yet stored) with a fresh object id.
    func newUser(_ name: String, licenses: [String] = []) -> User {
        counter += 1
        return User(objectID: String(format: "00000000-0000-4000-8000-%012d", counter), customerID: customerID,
                    userPrincipalName: "\(name)@\(seed.customer.domains.first ?? "example.com")",
                    attributes: UserAttributes(displayName: "User \(counter)", usageLocation: seed.customer.defaultUsageLocation),
                    createdAt: now, licenses: licenses.map { LicenseAssignment(partNumber: $0) })
    }

    /// A change set for `user`, keyed by `key` (default: the user name).
    func set(_ user: User, _ steps: [UserChange], key: String? = nil) -> UserChangeSet {
        UserChangeSet(customerID: user.customerID, objectID: user.objectID, userPrincipalName: user.userPrincipalName,
                      journalKey: key ?? user.userPrincipalName, steps: steps)
    }

    /// A create set for `user` with a fixed test password.
    func create(_ user: User, key: String? = nil) throws -> UserChangeSet {
        set(user, [.create(user, password: try TemporaryPassword(checking: "Tz4#kP9q!mWx2vLr"))], key: key)
    }

    /// Applies `sets` as one batch at "now".
    @discardableResult
    func apply(_ sets: [UserChangeSet], batch: String = "conformance", deliversCredentials: Bool = false,
               role: OperatorRole = .adminAgent) throws -> [UserChangeResult] {
        try directory.apply(ChangeBatch(batchID: batch, role: role, operatorName: "conformance", now: now, sets: sets,
                                        deliversCredentials: deliversCredentials))
    }

    /// Applies one set and records a failure unless it was applied.
    func applied(_ set: UserChangeSet, batch: String = "conformance", _ what: String) throws {
        let results = try apply([set], batch: batch)
        expect(results == [.applied], "\(what): expected applied, got \(results)")
    }

    /// The user with this object id (active or deleted, not purged), if any.
    func user(_ user: User) throws -> User? {
        try directory.users(customerID: customerID, objectIDs: [user.objectID]).first
    }

    /// Records a failure unless the seats assigned of every product equal the assignments of
    /// the active users (as the backend lists them) and stay within those purchased.
    func expectSeatsMatchAssignments(_ after: String) throws {
        var counted: [String: Int] = [:]
        let page = try directory.listUsers(customerID: customerID, query: UserQuery(page: 1, pageSize: 10_000))
        for user in page.users where !user.isDeleted {
            for license in user.licenses { counted[license.partNumber, default: 0] += 1 }
        }
        let usage = try directory.seatUsage(customerID: customerID)
        let assigned = Dictionary(uniqueKeysWithValues: usage.filter { $0.assigned > 0 }.map { ($0.partNumber, $0.assigned) })
        expect(assigned == counted, "after \(after): seats assigned \(assigned), active users hold \(counted)")
        for seat in usage where seat.assigned > seat.purchased {
            fail("after \(after): \(seat.partNumber) has \(seat.assigned) assigned of \(seat.purchased) purchased")
        }
    }
}
