import CSQLite

/// An SQLite result code with a Swift name (https://sqlite.org/rescode.html).
///
/// Holds the extended code as SQLite returned it; ``primary`` masks it to the primary code,
/// which is what most callers compare against.
struct ResultCode: Hashable, Sendable, CustomStringConvertible {
    /// The raw (possibly extended) code.
    let rawValue: Int32

    init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// The primary code: the low 8 bits of an extended code.
    var primary: ResultCode { ResultCode(rawValue & 0xFF) }

    static let ok = ResultCode(SQLITE_OK)
    static let error = ResultCode(SQLITE_ERROR)
    static let busy = ResultCode(SQLITE_BUSY)
    static let locked = ResultCode(SQLITE_LOCKED)
    static let readOnly = ResultCode(SQLITE_READONLY)
    static let ioError = ResultCode(SQLITE_IOERR)
    static let corrupt = ResultCode(SQLITE_CORRUPT)
    static let full = ResultCode(SQLITE_FULL)
    static let cantOpen = ResultCode(SQLITE_CANTOPEN)
    static let constraint = ResultCode(SQLITE_CONSTRAINT)
    static let mismatch = ResultCode(SQLITE_MISMATCH)
    static let misuse = ResultCode(SQLITE_MISUSE)
    static let notADatabase = ResultCode(SQLITE_NOTADB)
    static let row = ResultCode(SQLITE_ROW)
    static let done = ResultCode(SQLITE_DONE)
    /// `SQLITE_CONSTRAINT_UNIQUE` (the C macro is not imported into Swift).
    static let constraintUnique = ResultCode(SQLITE_CONSTRAINT | (8 << 8))
    /// `SQLITE_CONSTRAINT_PRIMARYKEY`.
    static let constraintPrimaryKey = ResultCode(SQLITE_CONSTRAINT | (6 << 8))
    /// `SQLITE_CONSTRAINT_FOREIGNKEY`.
    static let constraintForeignKey = ResultCode(SQLITE_CONSTRAINT | (3 << 8))

    /// SQLite's own English name of the code, e.g. `constraint failed`.
    var description: String {
        guard let text = sqlite3_errstr(rawValue) else { return "SQLite code \(rawValue)" }
        return String(cString: text)
    }
}
