/// An error reported by SQLite: its result code, SQLite's message, and the statement's SQL
/// text. Bound values are never part of it (the statements carry user names and hashes), as in
/// GRDB's `DatabaseError`.
public struct SQLiteError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The extended result code.
    public var code: Int32
    /// SQLite's message (`sqlite3_errmsg`).
    public var message: String
    /// The SQL text of the failing statement, when there was one.
    public var sql: String?

    init(_ code: ResultCode, message: String, sql: String? = nil) {
        self.code = code.rawValue
        self.message = message
        self.sql = sql
    }

    var resultCode: ResultCode { ResultCode(code) }

    /// Whether a `UNIQUE` or `PRIMARY KEY` constraint refused the write.
    var isUniqueConstraint: Bool {
        resultCode == .constraintUnique || resultCode == .constraintPrimaryKey
    }

    public var description: String {
        var text = "SQLite error \(code) (\(resultCode)): \(message)"
        if let sql { text += " in \(sql.split(separator: "\n").joined(separator: " "))" }
        return text
    }
}
