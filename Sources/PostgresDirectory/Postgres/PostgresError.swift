import Foundation

/// An error reported by PostgreSQL or libpq: the SQLSTATE (https://www.postgresql.org/docs/15/errcodes-appendix.html),
/// the server's primary message, the constraint it names, and the failing statement's SQL text.
///
/// Bound values are never part of it, nor the server's `DETAIL` (a unique violation's detail
/// repeats the key, a user name), nor a password of the connection URL: a connection error's
/// text has every password the URL or `PGPASSWORD` gave replaced by `***`.
public struct PostgresError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The five-character SQLSTATE; `nil` when libpq failed without a server error (a lost
    /// connection, a refused connect).
    public var sqlState: String?
    /// The server's primary message, or libpq's.
    public var message: String
    /// The constraint a violation names (`users_active_name`), if any.
    public var constraint: String?
    /// The SQL text of the failing statement, when there was one.
    public var sql: String?

    /// Creates an error.
    public init(sqlState: String?, message: String, constraint: String? = nil, sql: String? = nil) {
        self.sqlState = sqlState
        self.message = message
        self.constraint = constraint
        self.sql = sql
    }

    /// `40001`: a serializable transaction lost to a concurrent one; retry it.
    static let serializationFailure = "40001"
    /// `40P01`: the server broke a deadlock by failing this transaction; retry it.
    static let deadlockDetected = "40P01"
    /// `23505`: a unique index refused the row.
    static let uniqueViolation = "23505"

    /// Whether retrying the whole transaction can succeed: a serialization failure, a
    /// deadlock, or a lost connection (after a reconnect).
    public var isTransient: Bool {
        sqlState == Self.serializationFailure || sqlState == Self.deadlockDetected || isConnectionLoss
    }

    /// Whether the connection is gone: no SQLSTATE (libpq's own failure), class 08 (connection
    /// exception) or 57P01-57P03 (the server shut down or terminated the session).
    public var isConnectionLoss: Bool {
        guard let sqlState else { return true }
        return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }

    /// Whether a unique index refused the row.
    public var isUniqueViolation: Bool { sqlState == Self.uniqueViolation }

    public var description: String {
        var text = "PostgreSQL error"
        if let sqlState { text += " \(sqlState)" }
        text += ": \(message)"
        if let constraint { text += " (constraint \(constraint))" }
        if let sql {
            let lines = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            text += " in \(lines.joined(separator: " "))"
        }
        return text
    }
}
