import Foundation
import Provisioning

// `provision migrate` on SQLite (docs/store.md, "Copying a store"): every table read through one
// statement inside one read transaction (a WAL snapshot), and written with one prepared
// statement per table inside one write transaction. Seat tallies are not copied: a copied
// customer's `tallied_at` is NULL, so its seats are counted from the assignments until its
// next batch writes them again.

extension SQLiteDirectory: StoreTransfer {
    /// Every table, operators included.
    public var transferTables: [TransferTable] { TransferTable.allCases }

    /// Runs `body` in one deferred read transaction: SQLite's WAL keeps its view at the first read.
    public func readingSnapshot(_ body: () throws -> Void) throws {
        try connection.execute("BEGIN")
        do {
            try body()
            try connection.execute("COMMIT")
        } catch {
            if !connection.isAutocommit { try? connection.execute("ROLLBACK") }
            throw error
        }
    }

    public func exportRows(_ table: TransferTable, chunkSize: Int, _ body: ([TransferRow]) throws -> Void) throws {
        let statement = try connection.prepare(Self.exportSQL(table))
        let columns = table.columns
        var chunk: [TransferRow] = []
        chunk.reserveCapacity(chunkSize)
        while try statement.step() {
            var row: TransferRow = []
            row.reserveCapacity(columns.count)
            for (index, column) in columns.enumerated() {
                let at = Int32(index)
                if statement.isNull(at) { row.append(.null); continue }
                switch column.kind {
                case .text: row.append(.text(statement.text(at)))
                case .integer, .boolean: row.append(.integer(statement.int64(at)))
                case .real: row.append(.real(statement.double(at)))
                case .bytes: row.append(.bytes(statement.blob(at)))
                }
            }
            chunk.append(row)
            if chunk.count >= chunkSize {
                try body(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { try body(chunk) }
    }

    public func rowCount(_ table: TransferTable) throws -> Int {
        Int(try connection.scalar("SELECT count(*) FROM \(table.rawValue)") ?? 0)
    }

    /// One `BEGIN IMMEDIATE` transaction around `body`.
    public func importing(_ body: () throws -> Void) throws {
        try connection.transaction { try body() }
        seatMemo = [:]
    }

    public func importRows(_ table: TransferTable, _ rows: [TransferRow]) throws {
        let sql: String
        let count = table.columns.count
        if table == .assignments {
            sql = "INSERT INTO assignments (user_id, product, disabled_plans) SELECT id, ?2, ?3 FROM users WHERE object_id = ?1"
        } else {
            let marks = (1...count).map { "?\($0)" }.joined(separator: ", ")
            sql = "INSERT INTO \(table.rawValue) (\(table.columnList)) VALUES (\(marks))"
        }
        for row in rows {
            guard row.count == count else {
                throw StoreError.invalid("a row of \(table.label) has \(row.count) values, not \(count)")
            }
            let changed = try connection.run(sql) { statement in
                for (index, value) in row.enumerated() {
                    let at = Int32(index + 1)
                    switch value {
                    case .null: statement.bind(nil as String?, at: at)
                    case .integer(let number): statement.bind(number, at: at)
                    case .real(let number): statement.bind(number, at: at)
                    case .text(let text): statement.bind(text, at: at)
                    case .bytes(let bytes): statement.bind(blob: bytes, at: at)
                    }
                }
            }
            if changed != 1 {
                throw StoreError.invalid(table == .assignments ? "an assignment names a user that was not copied"
                                                               : "a row of \(table.label) was not written")
            }
        }
    }

    /// The export query of `table`: its columns in ``TransferTable`` order, in a stable order
    /// (users and audit entries by row id, the order of writing).
    static func exportSQL(_ table: TransferTable) -> String {
        switch table {
        case .products: return "SELECT \(table.columnList) FROM products ORDER BY part_number"
        case .servicePlans: return "SELECT \(table.columnList) FROM service_plans ORDER BY product, position, plan_id"
        case .rules: return "SELECT \(table.columnList) FROM rules ORDER BY position"
        case .customers: return "SELECT \(table.columnList) FROM customers ORDER BY id"
        case .domains: return "SELECT \(table.columnList) FROM domains ORDER BY customer_id, position, domain"
        case .subscriptions: return "SELECT \(table.columnList) FROM subscriptions ORDER BY customer_id, product"
        case .users: return "SELECT \(table.columnList) FROM users ORDER BY id"
        case .assignments:
            return """
                SELECT u.object_id, a.product, a.disabled_plans FROM assignments a JOIN users u ON u.id = a.user_id
                ORDER BY a.user_id, a.product
                """
        case .auditLog: return "SELECT \(table.columnList) FROM audit_log ORDER BY id"
        case .journal: return "SELECT \(table.columnList) FROM journal ORDER BY customer_id, batch_id, key"
        case .undeliveredGroups: return "SELECT \(table.columnList) FROM undelivered_groups ORDER BY customer_id, batch_id, group_no"
        case .operators: return "SELECT \(table.columnList) FROM operators ORDER BY name"
        }
    }
}
