import Foundation
import Provisioning

/// The customer directory on PostgreSQL: the same store protocols as SQLiteDirectory
/// (`Directory`, `JobLedger`, `DirectoryAdmin`) for one directory shared by many workers on
/// many machines (see `docs/store.md`, "The PostgreSQL backend").
///
/// One instance is one session for reads and writes, plus one session per held customer lock;
/// use it from one thread at a time (open one per worker thread). Writes run at READ COMMITTED:
/// a batch locks the subscription rows of the products it may add seats to (`FOR UPDATE`, in
/// a fixed order) before it counts them, so concurrent writers on any machine never
/// oversubscribe; transient failures (deadlocks, serialization failures, a lost connection)
/// rerun the whole transaction under ``RetryPolicy``, and the journal row each change set
/// writes in the same transaction keeps a rerun from applying it twice.
///
/// ```swift
/// let store = try PostgresDirectory(url: "postgresql://provision@db.example:5432/provision")
/// ```
public final class PostgresDirectory: Directory, JobLedger, DirectoryAdmin {
    let connection: Connection
    /// The connection string, for the sessions of customer locks.
    let conninfo: String
    /// How transactions are retried.
    let retry: RetryPolicy

    /// The schema version this build creates and reads.
    public static var schemaVersion: Int { Migrations.currentVersion }

    /// Connects (libpq's URI or `key=value` string; `PGHOST`, `PGPASSFILE`… apply) and brings
    /// the schema of the session's `search_path` up to date, creating it in an empty database.
    /// - Parameter retry: how transient failures are retried (injected by tests).
    /// - Throws: ``PostgresError`` (never with the password), ``PostgresDirectoryError/newerSchema(found:supported:)``.
    public init(url: String, retry: RetryPolicy = RetryPolicy()) throws {
        conninfo = url
        self.retry = retry
        connection = try Connection(conninfo: url)
        try Migrator.migrate(connection, retry: retry)
    }

    /// Where the store is, for messages: `host:port/database`, never the password.
    public var location: String { connection.location }

    /// Runs `body` in a READ COMMITTED transaction, retried under ``retry``.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try connection.transaction(.readCommitted, retry: retry, body)
    }

    // MARK: Catalog

    /// Every product in the catalog, sorted by part number, with its service plans in file order.
    public func products() throws -> [Product] {
        var plans: [String: [ServicePlan]] = [:]
        let planRows = try connection.query(
            "SELECT product, name, plan_id, friendly_name FROM service_plans ORDER BY product, position")
        for row in 0..<planRows.count {
            plans[planRows.text(row, 0), default: []].append(
                ServicePlan(name: planRows.text(row, 1), id: planRows.text(row, 2), friendlyName: planRows.text(row, 3)))
        }
        let rows = try connection.query("SELECT part_number, guid, display_name FROM products ORDER BY part_number COLLATE \"C\"")
        return (0..<rows.count).map { row in
            let partNumber = rows.text(row, 0)
            return Product(partNumber: partNumber, guid: rows.text(row, 1), displayName: rows.text(row, 2),
                           servicePlans: plans[partNumber] ?? [])
        }
    }

    /// The licensing rules, in the order they were stored.
    public func licensingRules() throws -> LicensingRules {
        let rows = try connection.query("SELECT kind, subject, object, note FROM rules ORDER BY position")
        var rules: [LicensingRule] = []
        for row in 0..<rows.count {
            do {
                rules.append(try LicensingRule(kind: rows.text(row, 0), subject: rows.text(row, 1), object: rows.text(row, 2),
                                               note: rows.text(row, 3)))
            } catch {
                throw PostgresDirectoryError.invalid("stored licensing rule \(row + 1) is unreadable: \(error)")
            }
        }
        return LicensingRules(rules: rules)
    }

    // MARK: Customers

    /// Every customer, sorted by id, with its domains in the order they were added.
    public func customers() throws -> [Customer] {
        try customers(id: nil)
    }

    /// The customer with this id, or `nil`.
    public func customer(id: String) throws -> Customer? {
        try customers(id: id).first
    }

    private func customers(id: String?) throws -> [Customer] {
        var domains: [String: [String]] = [:]
        let domainRows = try connection.query(
            "SELECT customer_id, domain FROM domains WHERE ($1::text IS NULL OR customer_id = $1) ORDER BY customer_id, position",
            [id])
        for row in 0..<domainRows.count { domains[domainRows.text(row, 0), default: []].append(domainRows.text(row, 1)) }
        let rows = try connection.query(
            "SELECT id, name, default_location FROM customers WHERE ($1::text IS NULL OR id = $1) ORDER BY id COLLATE \"C\"", [id])
        return (0..<rows.count).map { row in
            let id = rows.text(row, 0)
            return Customer(id: id, name: rows.text(row, 1), domains: domains[id] ?? [], defaultUsageLocation: rows.text(row, 2))
        }
    }

    /// The customer's change counter: bumped once by every batch, purge or admin change that
    /// touches the customer.
    /// - Throws: ``PostgresDirectoryError/unknownCustomer(_:)``.
    public func changeCounter(customerID: String) throws -> Int64 {
        let rows = try connection.query("SELECT change_counter FROM customers WHERE id = $1", [customerID])
        guard rows.count == 1 else { throw PostgresDirectoryError.unknownCustomer(customerID) }
        return rows.int64(0, 0)
    }

    func requireCustomer(_ customerID: String) throws {
        _ = try changeCounter(customerID: customerID)
    }

    /// Adds one to the customer's change counter (inside the caller's transaction).
    func bumpChangeCounter(_ customerID: String) throws {
        try connection.query("UPDATE customers SET change_counter = change_counter + 1 WHERE id = $1", [customerID])
    }

    // MARK: Seats

    /// Seats per product the customer has bought, sorted by part number, with the assigned
    /// count taken from the active users' assignments at this moment. Products assigned but
    /// not bought appear with 0 purchased.
    /// - Throws: ``PostgresDirectoryError/unknownCustomer(_:)``.
    public func seatUsage(customerID: String) throws -> [SeatUsage] {
        try requireCustomer(customerID)
        let purchased = try purchasedSeats(customerID: customerID)
        let assigned = try assignedSeats(customerID: customerID, products: nil)
        return Set(purchased.keys).union(assigned.keys).sorted().map {
            SeatUsage(partNumber: $0, purchased: purchased[$0] ?? 0, assigned: assigned[$0] ?? 0)
        }
    }

    func purchasedSeats(customerID: String) throws -> [String: Int] {
        let rows = try connection.query("SELECT product, seats FROM subscriptions WHERE customer_id = $1", [customerID])
        var seats: [String: Int] = [:]
        for row in 0..<rows.count { seats[rows.text(row, 0)] = rows.int(row, 1) }
        return seats
    }

    /// The active users' assignments per product (only of `products` when given), counted now.
    /// - Complexity: one statement, a pass over the customer's active users' assignments.
    func assignedSeats(customerID: String, products: [String]?) throws -> [String: Int] {
        let rows = try connection.query("""
            SELECT a.product, count(*) FROM users AS u JOIN assignments AS a ON a.user_id = u.id
            WHERE u.customer_id = $1 AND u.deleted_at IS NULL AND ($2::text[] IS NULL OR a.product = ANY ($2::text[]))
            GROUP BY a.product
            """, [customerID, products.map { TextArray($0) }])
        var seats: [String: Int] = [:]
        for row in 0..<rows.count { seats[rows.text(row, 0)] = rows.int(row, 1) }
        return seats
    }
}
