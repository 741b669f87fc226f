/// How a bulk insert sends its rows to the server (docs/store.md, "Bulk writes", has the
/// figures that chose the default).
public enum BulkWrites: String, Sendable, CaseIterable {
    /// One `INSERT … SELECT … FROM unnest($1::text[], $2::bigint[], …)` per table: every
    /// column one array parameter, one round trip per table.
    case arrays
    /// `COPY` into a temporary staging table, then one `INSERT … SELECT` from it.
    case copy
}

/// A table a bulk insert writes: its name, the columns given per row (with their types),
/// and what follows the `SELECT` (`ON CONFLICT DO NOTHING RETURNING …`, or nothing).
struct BulkTable {
    let table: String
    let columns: [(name: String, type: String)]
    let suffix: String

    init(_ table: String, _ columns: [(String, String)], suffix: String = "") {
        self.table = table
        self.columns = columns.map { (name: $0.0, type: $0.1) }
        self.suffix = suffix
    }

    var names: String { columns.map(\.name).joined(separator: ", ") }
}

extension Connection {
    /// Inserts `rows` (one text value or `nil` per column, in the column types' text
    /// formats) into `target`, in row order, one statement or one copy and one statement.
    /// - Returns: the rows of the `RETURNING` clause, if any.
    /// - Throws: ``PostgresError``.
    @discardableResult
    func bulkInsert(_ target: BulkTable, rows: [[String?]], mode: BulkWrites) throws -> Rows {
        switch mode {
        case .arrays:
            let casts = target.columns.enumerated().map { "$\($0.offset + 1)::\($0.element.type)[]" }.joined(separator: ", ")
            let arrays: [any PostgresBindable] = target.columns.indices.map { column in TextArray(rows.map { $0[column] }) }
            return try query("""
                INSERT INTO \(target.table) (\(target.names)) SELECT \(target.names)
                FROM unnest(\(casts)) WITH ORDINALITY AS t(\(target.names), n) ORDER BY n \(target.suffix)
                """, arrays)
        case .copy:
            let stage = "bulk_" + target.table
            let definitions = target.columns.map { "\($0.name) \($0.type)" }.joined(separator: ", ")
            try execute("CREATE TEMPORARY TABLE IF NOT EXISTS \(stage) (\(definitions), n bigint)")
            try copy("COPY \(stage) (\(target.names), n) FROM STDIN", rows: rows.enumerated().map { $0.element + [String($0.offset)] })
            let inserted = try query("INSERT INTO \(target.table) (\(target.names)) SELECT \(target.names) FROM \(stage) ORDER BY n \(target.suffix)")
            try execute("TRUNCATE \(stage)")
            return inserted
        }
    }
}
