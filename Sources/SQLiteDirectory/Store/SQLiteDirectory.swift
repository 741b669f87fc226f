import Foundation
import Provisioning

/// The customer directory on SQLite: the system of record the planner reads and the executor
/// writes (see `docs/store.md`).
///
/// One instance is one connection; use it from one thread at a time. Several processes may
/// open the same store: SQLite's WAL lets readers run beside one writer, writes wait up to the
/// busy timeout, and jobs serialise per customer with ``lock(customerID:holder:wait:)``.
///
/// ```swift
/// let store = try SQLiteDirectory.create(path: "provision.sqlite")
/// try store.addCustomer(Customer(id: "contoso", name: "Contoso", domains: ["contoso.com"],
///                                defaultUsageLocation: "TW"))
/// ```
public final class SQLiteDirectory: ProvisionStore {
    /// The store file.
    public let path: String
    let connection: Connection
    /// Assigned seats per customer as counted at a given change counter; reused by the next
    /// ``apply(_:)`` when the counter has not moved (see `docs/store.md`, "Seats").
    var seatMemo: [String: SeatMemo] = [:]
    /// The groups of undelivered passwords this connection committed and has not yet seen
    /// confirmed, with their journal keys (see SQLiteDirectory+Credentials.swift).
    var pendingDeliveries: [DeliveryScope: [PendingDelivery]] = [:]

    /// The schema version this build creates and reads.
    public static var schemaVersion: Int { Schema.currentVersion }

    /// The store's schema version: opening it migrated it to ``schemaVersion``.
    public var schemaVersion: Int { Schema.currentVersion }

    /// Opens an existing store, applying any missing schema migrations.
    /// - Throws: ``Provisioning/StoreError/missing(store:)`` (which says how to create one),
    ///   ``Provisioning/StoreError/notAStore(store:reason:)``, ``Provisioning/StoreError/newerSchema(store:found:supported:)``.
    public convenience init(path: String, options: SQLiteDirectoryOptions = SQLiteDirectoryOptions()) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw StoreError.missing(store: path)
        }
        let connection: Connection
        do {
            connection = try Connection(path: path, mode: .readWrite)
        } catch let error as SQLiteError {
            throw StoreError.notAStore(store: path, reason: error.message)
        }
        try self.init(connection: connection, path: path, creating: false, options: options)
    }

    /// Creates a new, empty store at `path` (schema only: no catalog, no customers), its file
    /// (and so its `-wal` and `-shm`) owner-only, mode 0600 (see ``StoreFiles``).
    /// - Throws: ``Provisioning/StoreError/exists(store:)`` when a file is already there.
    public static func create(path: String, options: SQLiteDirectoryOptions = SQLiteDirectoryOptions()) throws -> SQLiteDirectory {
        if FileManager.default.fileExists(atPath: path) { throw StoreError.exists(store: path) }
        try StoreFiles.createPrivate(path: path)
        let connection = try Connection(path: path, mode: .create)
        return try SQLiteDirectory(connection: connection, path: path, creating: true, options: options)
    }

    /// A second connection on the same file with a 1 MiB page cache, for a job's look-ups
    /// while this one applies (``Provisioning/StoreConnection/openLookups()``): each of its
    /// statements sees the last commit, so it holds no snapshot that would keep the WAL from
    /// being checkpointed.
    public func openLookups() throws -> any Directory {
        try SQLiteDirectory(path: path, options: SQLiteDirectoryOptions(cacheMiB: 1))
    }

    private init(connection: Connection, path: String, creating: Bool, options: SQLiteDirectoryOptions) throws {
        self.connection = connection
        self.path = path
        do {
            try configure(options)
            try migrate(creating: creating)
        } catch let error as SQLiteError where error.resultCode.primary == .notADatabase {
            throw StoreError.notAStore(store: path, reason: error.message)
        }
    }

    /// Connection settings (https://sqlite.org/pragma.html). WAL lets readers run during a
    /// write and makes a commit one append; `synchronous=FULL` syncs the WAL at each commit so a
    /// committed batch survives power loss. `temp_store` stays at its default (files):
    /// per-user savepoint journals are kept in memory anyway until they pass 64 KiB, while
    /// `MEMORY` put every temporary B-tree on the heap (the seat count's `GROUP BY`, when it
    /// had one, took 90 MiB for a million users: `docs/store.md`).
    private func configure(_ options: SQLiteDirectoryOptions) throws {
        connection.setBusyTimeout(milliseconds: Int32(clamping: options.busyTimeoutMilliseconds))
        try connection.execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            PRAGMA foreign_keys = ON;
            PRAGMA journal_size_limit = 67108864;
            PRAGMA wal_autocheckpoint = 16384;
            """)
        let kibibytes = max(1, options.cacheMiB) * 1024
        try connection.execute("PRAGMA cache_size = -\(kibibytes)")
    }

    private func migrate(creating: Bool) throws {
        let version = Int(try connection.scalar("PRAGMA user_version") ?? 0)
        let application = try connection.scalar("PRAGMA application_id") ?? 0
        if !creating {
            if application != Schema.applicationID {
                let tables = try connection.scalar("SELECT count(*) FROM sqlite_schema") ?? 0
                if application != 0 || tables > 0 || version != 0 {
                    throw StoreError.notAStore(store: path, reason: "it has no provision application id")
                }
            }
        }
        if version > Schema.currentVersion {
            throw StoreError.newerSchema(store: path, found: version, supported: Schema.currentVersion)
        }
        for next in version..<Schema.currentVersion {
            try connection.transaction {
                try connection.execute(Schema.migrations[next])
                try connection.execute("PRAGMA application_id = \(Schema.applicationID)")
                try connection.execute("PRAGMA user_version = \(next + 1)")
            }
        }
    }

    // MARK: Catalog

    /// Every product in the catalog, sorted by part number, with its service plans in file order.
    public func products() throws -> [Product] {
        var plans: [String: [ServicePlan]] = [:]
        let planRows = try connection.cached(
            "SELECT product, name, plan_id, friendly_name FROM service_plans ORDER BY product, position")
        defer { planRows.reset() }
        while try planRows.step() {
            plans[planRows.text(0), default: []].append(
                ServicePlan(name: planRows.text(1), id: planRows.text(2), friendlyName: planRows.text(3)))
        }
        var products: [Product] = []
        let rows = try connection.cached("SELECT part_number, guid, display_name FROM products ORDER BY part_number")
        defer { rows.reset() }
        while try rows.step() {
            let partNumber = rows.text(0)
            products.append(Product(partNumber: partNumber, guid: rows.text(1), displayName: rows.text(2),
                                    servicePlans: plans[partNumber] ?? []))
        }
        return products
    }

    /// The licensing rules, in the order they were stored.
    public func licensingRules() throws -> LicensingRules {
        var rules: [LicensingRule] = []
        let rows = try connection.cached("SELECT kind, subject, object, note FROM rules ORDER BY position")
        defer { rows.reset() }
        while try rows.step() {
            let position = rules.count + 1
            do {
                rules.append(try LicensingRule(kind: rows.text(0), subject: rows.text(1), object: rows.text(2),
                                               note: rows.text(3)))
            } catch {
                throw StoreError.invalid("stored licensing rule \(position) is unreadable: \(error)")
            }
        }
        return LicensingRules(rules: rules)
    }

    // MARK: Customers

    /// Every customer, sorted by id, with its domains in the order they were added.
    public func customers() throws -> [Customer] {
        var domains: [String: [String]] = [:]
        let domainRows = try connection.cached("SELECT customer_id, domain FROM domains ORDER BY customer_id, position")
        defer { domainRows.reset() }
        while try domainRows.step() { domains[domainRows.text(0), default: []].append(domainRows.text(1)) }
        var customers: [Customer] = []
        let rows = try connection.cached("SELECT id, name, default_location FROM customers ORDER BY id")
        defer { rows.reset() }
        while try rows.step() {
            let id = rows.text(0)
            customers.append(Customer(id: id, name: rows.text(1), domains: domains[id] ?? [],
                                      defaultUsageLocation: rows.text(2)))
        }
        return customers
    }

    /// The customer with this id, or `nil`.
    public func customer(id: String) throws -> Customer? {
        try customers().first { $0.id == id }
    }

    /// The customer's change counter: bumped once by every batch, purge or admin change that
    /// touches the customer.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``.
    public func changeCounter(customerID: String) throws -> Int64 {
        guard let counter = try connection.scalar("SELECT change_counter FROM customers WHERE id = ?", {
            $0.bind(customerID, at: 1)
        }) else { throw StoreError.unknownCustomer(customerID) }
        return counter
    }

    func requireCustomer(_ customerID: String) throws {
        _ = try changeCounter(customerID: customerID)
    }
}
