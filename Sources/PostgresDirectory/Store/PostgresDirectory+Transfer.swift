import Foundation
import Provisioning

// `provision migrate` on PostgreSQL (docs/store.md, "Copying a store"): tables are read through
// a cursor (`FETCH` a chunk at a time) inside one REPEATABLE READ, READ ONLY transaction, and
// written with `COPY` inside one transaction (the one `PostgresStoreLocation.create` opened).
// Assignments are keyed by object id in a copy, so each chunk goes through a temporary table
// joined with `users`. `seat_tallies` are counted from the copied assignments at the end.

extension PostgresDirectory: StoreTransfer {
    /// Every table but operators (the PostgreSQL schema has none yet).
    public var transferTables: [TransferTable] { TransferTable.allCases.filter { $0 != .operators } }

    /// Runs `body` in one `REPEATABLE READ, READ ONLY` transaction: one snapshot for every read.
    public func readingSnapshot(_ body: () throws -> Void) throws {
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            try body()
            try connection.execute("COMMIT")
        } catch {
            if !connection.isBroken && connection.isInTransaction { try? connection.execute("ROLLBACK") }
            throw error
        }
    }

    public func exportRows(_ table: TransferTable, chunkSize: Int, _ body: ([TransferRow]) throws -> Void) throws {
        guard connection.isInTransaction else {
            return try readingSnapshot { try exportRows(table, chunkSize: chunkSize, body) }
        }
        let columns = table.columns
        try connection.execute("DECLARE migrate_rows NO SCROLL CURSOR FOR \(Self.exportSQL(table))")
        while true {
            let rows = try connection.rows("FETCH FORWARD \(max(1, chunkSize)) FROM migrate_rows")
            if rows.count == 0 { break }
            var chunk: [TransferRow] = []
            chunk.reserveCapacity(rows.count)
            for index in 0..<rows.count {
                var row: TransferRow = []
                row.reserveCapacity(columns.count)
                for (column, info) in columns.enumerated() {
                    if rows.isNull(index, column) { row.append(.null); continue }
                    switch info.kind {
                    case .text: row.append(.text(rows.text(index, column)))
                    case .integer: row.append(.integer(rows.int64(index, column)))
                    case .boolean: row.append(.integer(rows.bool(index, column) ? 1 : 0))
                    case .real: row.append(.real(rows.double(index, column)))
                    case .bytes: row.append(.bytes(rows.bytes(index, column)))
                    }
                }
                chunk.append(row)
            }
            try body(chunk)
        }
        try connection.execute("CLOSE migrate_rows")
    }

    public func rowCount(_ table: TransferTable) throws -> Int {
        try connection.query("SELECT count(*) FROM \(table.rawValue)").int(0, 0)
    }

    /// One transaction around `body` (the open one, inside `create`), then the seat tallies
    /// counted from the copied assignments of active users.
    public func importing(_ body: () throws -> Void) throws {
        try connection.transaction(retry: retry) {
            try body()
            try connection.execute("DELETE FROM seat_tallies")
            try connection.execute("""
                INSERT INTO seat_tallies (customer_id, product, assigned)
                SELECT u.customer_id, a.product, count(*) FROM assignments a JOIN users u ON u.id = a.user_id
                WHERE u.deleted_at IS NULL GROUP BY u.customer_id, a.product
                """)
        }
    }

    public func importRows(_ table: TransferTable, _ rows: [TransferRow]) throws {
        let columns = table.columns
        var text: [[String?]] = []
        text.reserveCapacity(rows.count)
        for row in rows {
            guard row.count == columns.count else {
                throw StoreError.invalid("a row of \(table.label) has \(row.count) values, not \(columns.count)")
            }
            text.append(zip(row, columns).map { value, column in Self.copyText(value, kind: column.kind) })
        }
        guard table == .assignments else {
            let copied = try connection.copy("COPY \(table.rawValue) (\(table.columnList)) FROM STDIN", rows: text)
            if copied != rows.count { throw StoreError.invalid("\(copied) of \(rows.count) rows of \(table.label) were written") }
            return
        }
        try connection.execute("""
            CREATE TEMPORARY TABLE IF NOT EXISTS migrate_assignments (object_id text, product text, disabled_plans text)
            ON COMMIT DROP
            """)
        try connection.copy("COPY migrate_assignments (object_id, product, disabled_plans) FROM STDIN", rows: text)
        let inserted = try connection.query("""
            INSERT INTO assignments (user_id, product, disabled_plans)
            SELECT u.id, m.product, m.disabled_plans FROM migrate_assignments m JOIN users u ON u.object_id = m.object_id
            """).affected
        try connection.execute("DELETE FROM migrate_assignments")
        if inserted != rows.count { throw StoreError.invalid("an assignment names a user that was not copied") }
    }

    /// A value in `COPY`'s text form before its escaping (`Connection.copy` escapes).
    private static func copyText(_ value: TransferValue, kind: TransferTable.Kind) -> String? {
        switch value {
        case .null: return nil
        case .integer(let number): return kind == .boolean ? (number != 0 ? "t" : "f") : String(number)
        case .real(let number): return "\(number)"
        case .text(let text): return text
        case .bytes(let bytes):
            let digits = Array("0123456789abcdef".utf8)
            var hex: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
            hex.reserveCapacity(2 + bytes.count * 2)
            for byte in bytes {
                hex.append(digits[Int(byte >> 4)])
                hex.append(digits[Int(byte & 0x0f)])
            }
            return String(decoding: hex, as: UTF8.self)
        }
    }

    /// The export query of `table`: its columns in ``TransferTable`` order, in a stable order
    /// (users and audit entries by id, the order of writing).
    static func exportSQL(_ table: TransferTable) -> String {
        let columns = table.columnList
        switch table {
        case .products: return "SELECT \(columns) FROM products ORDER BY part_number"
        case .servicePlans: return "SELECT \(columns) FROM service_plans ORDER BY product, position, plan_id"
        case .rules: return "SELECT \(columns) FROM rules ORDER BY position"
        case .customers: return "SELECT \(columns) FROM customers ORDER BY id"
        case .domains: return "SELECT \(columns) FROM domains ORDER BY customer_id, position, domain"
        case .subscriptions: return "SELECT \(columns) FROM subscriptions ORDER BY customer_id, product"
        case .users: return "SELECT \(columns) FROM users ORDER BY id"
        case .assignments:
            return """
                SELECT u.object_id, a.product, a.disabled_plans FROM assignments a JOIN users u ON u.id = a.user_id
                ORDER BY a.user_id, a.product
                """
        case .auditLog: return "SELECT \(columns) FROM audit_log ORDER BY id"
        case .journal: return "SELECT \(columns) FROM journal ORDER BY customer_id, batch_id, key"
        case .undeliveredGroups: return "SELECT \(columns) FROM undelivered_groups ORDER BY customer_id, batch_id, group_no"
        case .operators: return "SELECT \(columns) FROM operators ORDER BY name"
        }
    }
}
