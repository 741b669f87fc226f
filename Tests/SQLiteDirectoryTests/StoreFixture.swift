import Foundation
import Provisioning
@testable import SQLiteDirectory

/// A fresh store in its own temporary directory, with a small catalog and two customers:
/// contoso (TW) with 3 seats of SPE_E3, 1 of MCOMEETADV and 10 of EXCHANGESTANDARD, and
/// fabrikam (DE) with 2 seats of SPE_E3. "Now" is injected: `now` starts at 2026-11-01 and
/// tests move it with `advance(days:)`.
final class StoreFixture {
    let directory: String
    let path: String
    let store: SQLiteDirectory
    var now = Date(timeIntervalSince1970: 1_793_491_200) // 2026-11-01T00:00:00Z
    private var counter = 0

    static let products = [
        Product(partNumber: "SPE_E3", guid: "05E9A617-0261-4CEE-BB44-138D3EF5D965", displayName: "Microsoft 365 E3",
                servicePlans: [ServicePlan(name: "EXCHANGE_S_ENTERPRISE", id: "efb87545-963c-4e0d-99df-69c6916d9eb0",
                                           friendlyName: "Exchange Online (Plan 2)"),
                               ServicePlan(name: "TEAMS1", id: "57ff2da0-773e-42df-b2af-ffb7a2317929",
                                           friendlyName: "Microsoft Teams")]),
        Product(partNumber: "MCOMEETADV", guid: "0c266dff-15dd-4b49-8397-2bb16070ed52",
                displayName: "Microsoft 365 Audio Conferencing",
                servicePlans: [ServicePlan(name: "MCOMEETADV", id: "3e26ee1f-8a5f-4d52-aee2-b81ce45c8f40",
                                           friendlyName: "Microsoft 365 Audio Conferencing")]),
        Product(partNumber: "EXCHANGESTANDARD", guid: "4b9405b0-7788-4568-add1-99614e613b69",
                displayName: "Exchange Online (Plan 1)",
                servicePlans: [ServicePlan(name: "EXCHANGE_S_STANDARD", id: "9aaf7827-d63c-4b61-89c3-182f06f82e5c",
                                           friendlyName: "Exchange Online (Plan 1)")]),
    ]

    init(seats: [String: Int] = ["SPE_E3": 3, "MCOMEETADV": 1, "EXCHANGESTANDARD": 10]) throws {
        directory = NSTemporaryDirectory() + "provision-store-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/provision.sqlite"
        store = try SQLiteDirectory.create(path: path)
        _ = try store.importCatalog(Self.products)
        try store.addCustomer(Customer(id: "contoso", name: "Contoso Ltd.", domains: ["contoso.com", "contoso.com.tw"],
                                       defaultUsageLocation: "TW"))
        try store.addCustomer(Customer(id: "fabrikam", name: "Fabrikam GmbH", domains: ["fabrikam.de"],
                                       defaultUsageLocation: "DE"))
        for (product, count) in seats { try store.setSeats(customerID: "contoso", partNumber: product, seats: count) }
        try store.setSeats(customerID: "fabrikam", partNumber: "SPE_E3", seats: 2)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Moves "now" forward.
    func advance(days: Double) {
        now = now.addingTimeInterval(days * 86_400)
    }

    /// A new user of `customer` (not yet stored) with a fresh object id.
    func newUser(_ upn: String, customer: String = "contoso", licenses: [String] = [],
                 department: String? = nil, location: String? = "TW") -> User {
        counter += 1
        let objectID = String(format: "00000000-0000-4000-8000-%012d", counter)
        return User(objectID: objectID, customerID: customer, userPrincipalName: upn,
                    attributes: UserAttributes(displayName: "User \(counter)", department: department,
                                               usageLocation: location),
                    createdAt: now, licenses: licenses.map { LicenseAssignment(partNumber: $0) })
    }

    /// A change set for `user` with `steps`, keyed by `key` (default: the user name).
    func set(_ user: User, _ steps: [UserChange], key: String? = nil) -> UserChangeSet {
        UserChangeSet(customerID: user.customerID, objectID: user.objectID, userPrincipalName: user.userPrincipalName,
                      journalKey: key ?? user.userPrincipalName, steps: steps)
    }

    /// A create set for `user` with a fixed test password.
    func createSet(_ user: User, password: String = "Tz4#kP9q!mWx2vLr") throws -> UserChangeSet {
        set(user, [.create(user, password: try TemporaryPassword(checking: password))])
    }

    /// Applies `sets` as one batch at the current "now".
    @discardableResult
    func apply(_ sets: [UserChangeSet], batch: String = UUID().uuidString,
               role: OperatorRole = .adminAgent) throws -> [UserChangeResult] {
        try store.apply(ChangeBatch(batchID: batch, role: role, operatorName: "tester", now: now, sets: sets))
    }

    /// Creates users and expects every one applied.
    @discardableResult
    func create(_ users: [User]) throws -> [UserChangeResult] {
        try apply(users.map { try createSet($0) })
    }

    /// Seats assigned per product (products with none left out), from the store's public API.
    func assigned(_ customer: String = "contoso") throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try store.seatUsage(customerID: customer).filter { $0.assigned > 0 }
            .map { ($0.partNumber, $0.assigned) })
    }

    /// Assignments of active users, counted straight from the tables (independent of the store's code).
    func countedAssignments(_ customer: String = "contoso") throws -> [String: Int] {
        let connection = try Connection(path: path, mode: .readWrite)
        let statement = try connection.prepare("""
            SELECT a.product, count(*) FROM assignments a JOIN users u ON u.id = a.user_id
            WHERE u.customer_id = ?1 AND u.deleted_at IS NULL GROUP BY a.product
            """)
        statement.bind(customer, at: 1)
        var counts: [String: Int] = [:]
        while try statement.step() { counts[statement.text(0)] = statement.int(1) }
        return counts
    }

    /// Runs `sql` on a second connection and returns the first column of the first row.
    func scalar(_ sql: String) throws -> Int64? {
        let connection = try Connection(path: path, mode: .readWrite)
        return try connection.scalar(sql)
    }

    /// The one user with this name (active or deleted), or nil.
    func user(_ upn: String, customer: String = "contoso") throws -> User? {
        try store.users(customerID: customer, principalNames: [upn]).first
    }
}

extension UserChangeResult {
    /// The violation code of a refusal, or nil.
    var refusalCode: ViolationCode? {
        if case .refused(let violation) = self { return violation.code }
        return nil
    }

    /// The violation of a refusal, or nil.
    var violation: Violation? {
        if case .refused(let violation) = self { return violation }
        return nil
    }
}
