import Foundation

/// What `provision migrate` compares between the source and the target once the copy is done:
/// rows per table, active and deleted users, and every customer's seats (purchased and
/// assigned, as the store itself reports them: ``Directory/seatUsage(customerID:)``).
public struct StoreCounts: Sendable, Equatable, Codable {
    /// Rows per table (``TransferTable/rawValue``), for the tables the store keeps.
    public var tables: [String: Int]
    /// Users not deleted.
    public var activeUsers: Int
    /// Deleted users not yet purged.
    public var deletedUsers: Int
    /// Per customer id, its seats per product.
    public var seats: [String: [SeatUsage]]

    /// Counts `store` (call it inside ``StoreTransfer/readingSnapshot(_:)`` for one view).
    public init(of store: any ProvisionStore & StoreTransfer) throws {
        var tables: [String: Int] = [:]
        for table in store.transferTables { tables[table.rawValue] = try store.rowCount(table) }
        var active = 0, deleted = 0
        var seats: [String: [SeatUsage]] = [:]
        for customer in try store.customers() {
            let users = try store.userCounts(customerID: customer.id)
            active += users.active
            deleted += users.deleted
            seats[customer.id] = try store.seatUsage(customerID: customer.id).sorted { $0.partNumber < $1.partNumber }
        }
        self.tables = tables
        self.activeUsers = active
        self.deletedUsers = deleted
        self.seats = seats
    }

    /// One difference between two counts, for the report.
    public struct Difference: Sendable, Equatable, Codable, CustomStringConvertible {
        /// What differs ("users (active)", "seats contoso SPE_E3 assigned").
        public var what: String
        /// The source's value.
        public var source: Int
        /// The target's value.
        public var target: Int

        public var description: String { "\(what): source \(source), target \(target)" }
    }

    /// Every difference from `self` (the source) to `target`, in a stable order; tables the
    /// target does not keep are compared only when the source has rows in them.
    public func differences(to target: StoreCounts) -> [Difference] {
        var found: [Difference] = []
        func compare(_ what: String, _ source: Int, _ target: Int) {
            if source != target { found.append(Difference(what: what, source: source, target: target)) }
        }
        for table in TransferTable.allCases {
            let source = tables[table.rawValue] ?? 0
            let other = target.tables[table.rawValue] ?? 0
            compare(table.label, source, other)
        }
        compare("users (active)", activeUsers, target.activeUsers)
        compare("users (deleted)", deletedUsers, target.deletedUsers)
        for customer in Set(seats.keys).union(target.seats.keys).sorted() {
            let mine = Dictionary((seats[customer] ?? []).map { ($0.partNumber, $0) }, uniquingKeysWith: { first, _ in first })
            let theirs = Dictionary((target.seats[customer] ?? []).map { ($0.partNumber, $0) }, uniquingKeysWith: { first, _ in first })
            for product in Set(mine.keys).union(theirs.keys).sorted() {
                compare("seats \(customer) \(product) purchased", mine[product]?.purchased ?? 0, theirs[product]?.purchased ?? 0)
                compare("seats \(customer) \(product) assigned", mine[product]?.assigned ?? 0, theirs[product]?.assigned ?? 0)
            }
        }
        return found
    }
}
