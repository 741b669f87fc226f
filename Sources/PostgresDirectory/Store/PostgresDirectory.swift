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
public final class PostgresDirectory: ProvisionStore {
    let connection: Connection
    /// The connection string, for the sessions of customer locks.
    let conninfo: String
    /// How transactions are retried.
    let retry: RetryPolicy
    /// How concurrent writers keep seats right: row locks at READ COMMITTED (the default), or
    /// SERIALIZABLE with retries, kept to measure the choice (docs/store.md).
    var seatIsolation: SeatIsolation = .rowLocks
    /// Transactions `apply` ran again after a transient failure (for the measurement).
    var retriedTransactions = 0

    /// How runs of new users are written (``BulkWrites``).
    public var bulkWrites: BulkWrites = .arrays
    /// The shortest run of lone creates written with batched statements; `Int.max` writes
    /// every set one by one (tests and benchmarks compare the two).
    public var bulkThreshold = 8

    /// The schema version this build creates and reads.
    public static var schemaVersion: Int { Migrations.currentVersion }

    /// Connects (libpq's URI or `key=value` string; `PGHOST`, `PGPASSFILE`… apply) and brings
    /// the store's tables up to date, creating them in an empty database.
    /// - Parameters:
    ///   - schema: the PostgreSQL schema that holds the store (created when missing), so that
    ///     one database can hold several stores; `nil`: the session's `search_path` (`public`).
    ///   - retry: how transient failures are retried (injected by tests).
    /// - Throws: ``PostgresError`` (never with the password), ``StoreError/newerSchema(store:found:supported:)``,
    ///   or `invalid` for a schema name other than lower-case letters, digits and `_`.
    public init(url: String, schema: String? = nil, retry: RetryPolicy = RetryPolicy()) throws {
        self.retry = retry
        if let schema {
            guard Self.isSchemaName(schema) else {
                throw StoreError.invalid("'\(schema)' is not a schema name (a-z, 0-9 and _, at most 63, not starting with a digit)")
            }
            conninfo = Connection.conninfo(url, searchPath: schema)
            connection = try Connection(conninfo: conninfo)
            try connection.execute("CREATE SCHEMA IF NOT EXISTS \(schema)")
        } else {
            conninfo = url
            connection = try Connection(conninfo: url)
        }
        try Migrator.migrate(connection, retry: retry)
    }

    /// A session to a store whose tables the caller makes (``PostgresStoreLocation/create(replacing:fill:)``).
    init(unmigratedURL url: String, retry: RetryPolicy) throws {
        conninfo = url
        self.retry = retry
        connection = try Connection(conninfo: url)
    }

    /// A sibling session to the same store, without migrating again (``openLookups()``).
    private init(sibling: PostgresDirectory) throws {
        conninfo = sibling.conninfo
        retry = sibling.retry
        connection = try Connection(conninfo: sibling.conninfo)
    }

    /// The store's schema version: opening it migrated it to ``schemaVersion``.
    public var schemaVersion: Int { Migrations.currentVersion }

    /// A second session to the same store for a job's look-ups while this one applies: at
    /// READ COMMITTED each of its statements sees the last commit.
    public func openLookups() throws -> any Directory {
        try PostgresDirectory(sibling: self)
    }

    /// Whether `name` is a schema name written into SQL as it is: `[a-z_][a-z0-9_]{0,62}`.
    static func isSchemaName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 63, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return bytes.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_") }
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
                throw StoreError.invalid("stored licensing rule \(row + 1) is unreadable: \(error)")
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
    /// - Throws: ``StoreError/unknownCustomer(_:)``.
    public func changeCounter(customerID: String) throws -> Int64 {
        let rows = try connection.query("SELECT change_counter FROM customers WHERE id = $1", [customerID])
        guard rows.count == 1 else { throw StoreError.unknownCustomer(customerID) }
        return rows.int64(0, 0)
    }

    /// The customers whose seat tallies differ from a count of their assignments (empty when sound).
    public func integrityProblems() throws -> [String] {
        var problems: [String] = []
        for customer in try customers() {
            let stored = try assignedSeats(customerID: customer.id, products: nil)
            let counted = try countAssignedSeats(customerID: customer.id)
            for product in Set(stored.keys).union(counted.keys).sorted() where stored[product] ?? 0 != counted[product] ?? 0 {
                problems.append("seat tally: \(customer.id) \(product) is stored as \(stored[product] ?? 0), counted \(counted[product] ?? 0)")
            }
        }
        return problems
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
    /// - Throws: ``StoreError/unknownCustomer(_:)``.
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

    /// The active users' assignments per product (only of `products` when given), as
    /// `seat_tallies` holds them: exact at every commit, since every transaction that changes
    /// them adds its net change there (see ``ChangeApplier``).
    /// - Complexity: one index probe per product.
    func assignedSeats(customerID: String, products: [String]?) throws -> [String: Int] {
        let rows = try connection.query("""
            SELECT product, assigned FROM seat_tallies
            WHERE customer_id = $1 AND assigned > 0 AND ($2::text[] IS NULL OR product = ANY ($2::text[]))
            """, [customerID, products.map { TextArray($0) }])
        var seats: [String: Int] = [:]
        for row in 0..<rows.count { seats[rows.text(row, 0)] = rows.int(row, 1) }
        return seats
    }

    /// Adds a transaction's net change of assigned seats to `seat_tallies` (in product order,
    /// the order every writer updates them in).
    func addToTallies(customerID: String, _ delta: [String: Int]) throws {
        let changed = delta.filter { $0.value != 0 }.sorted { $0.key < $1.key }
        guard !changed.isEmpty else { return }
        try connection.query("""
            INSERT INTO seat_tallies AS t (customer_id, product, assigned)
            SELECT $1, p, d FROM unnest($2::text[], $3::bigint[]) WITH ORDINALITY AS c(p, d, n) ORDER BY n
            ON CONFLICT (customer_id, product) DO UPDATE SET assigned = t.assigned + excluded.assigned
            """, [customerID, TextArray(changed.map(\.key)), TextArray(changed.map { String($0.value) })])
    }

    /// The active users' assignments per product, counted from the assignments: what
    /// `seat_tallies` must equal (``integrityProblems()``).
    /// - Complexity: a pass over the customer's active users' assignments (0.2 s for 100,000 users).
    func countAssignedSeats(customerID: String) throws -> [String: Int] {
        let rows = try connection.query("""
            SELECT a.product, count(*) FROM users AS u JOIN assignments AS a ON a.user_id = u.id
            WHERE u.customer_id = $1 AND u.deleted_at IS NULL GROUP BY a.product
            """, [customerID])
        var seats: [String: Int] = [:]
        for row in 0..<rows.count { seats[rows.text(row, 0)] = rows.int(row, 1) }
        return seats
    }
}
