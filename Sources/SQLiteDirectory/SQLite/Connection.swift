import CSQLite

// Design note: this file, Statement.swift and ResultCode.swift are the only places that call
// `sqlite3_*`. Everything else speaks SQL text with `?` parameters and gets ``Statement``s
// back. Writes happen only inside ``Connection/transaction(_:)``, which rolls back when its
// closure throws, and per-user atomicity inside it uses ``Connection/savepoint(_:)``.

/// One SQLite database connection (https://sqlite.org/c3ref/sqlite3.html), with a cache of
/// prepared statements keyed by their SQL text.
final class Connection {
    private let handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    /// The file the connection opened.
    let path: String

    /// How to open the file.
    enum Mode {
        /// The file must exist.
        case readWrite
        /// Create the file when missing.
        case create
    }

    /// Opens `path`.
    /// - Throws: ``SQLiteError`` when SQLite cannot open it.
    init(path: String, mode: Mode) throws {
        var opened: OpaquePointer?
        var flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
        if mode == .create { flags |= SQLITE_OPEN_CREATE }
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(opened)
            throw SQLiteError(ResultCode(code), message: message)
        }
        sqlite3_extended_result_codes(opened, 1)
        self.handle = opened
        self.path = path
    }

    deinit {
        cache.removeAll()
        savepoints = nil
        sqlite3_close_v2(handle)
    }

    /// Sets how long a statement waits for another connection's lock before failing with
    /// `SQLITE_BUSY` (https://sqlite.org/c3ref/busy_timeout.html).
    func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// Runs constant SQL (schema, pragmas): never pass values in `sql`.
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        if code != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(ResultCode(sqlite3_extended_errcode(handle)), message: text, sql: sql)
        }
    }

    /// A new statement for `sql`, owned by the caller.
    func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: handle, sql: sql)
    }

    /// The cached statement for `sql`, reset and with its bindings cleared.
    /// - Complexity: one dictionary lookup after the first call.
    func cached(_ sql: String) throws -> Statement {
        if let statement = cache[sql] {
            statement.reset()
            return statement
        }
        let statement = try Statement(connection: handle, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// Runs `sql` with `bind` filling its parameters, and returns the first column of the first
    /// row as an integer (`nil` when there is no row).
    func scalar(_ sql: String, _ bind: (Statement) -> Void = { _ in }) throws -> Int64? {
        let statement = try cached(sql)
        defer { statement.reset() }
        bind(statement)
        return try statement.step() ? statement.int64(0) : nil
    }

    /// Runs a write statement with `bind` filling its parameters.
    /// - Returns: the number of rows it changed.
    @discardableResult
    func run(_ sql: String, _ bind: (Statement) -> Void = { _ in }) throws -> Int {
        let statement = try cached(sql)
        bind(statement)
        try statement.run()
        return changes
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid of the last successful INSERT.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether no transaction is open.
    var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE`: the write lock is taken up
    /// front, so a busy store fails here, not halfway), commits when it returns and rolls back
    /// when it throws.
    /// - Throws: whatever `body` throws (after the rollback), or ``SQLiteError``.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try run("BEGIN IMMEDIATE")
        let result: T
        do {
            result = try body()
            try run("COMMIT")
        } catch {
            if !isAutocommit { try? execute("ROLLBACK") }
            throw error
        }
        return result
    }

    /// Runs `body` inside `SAVEPOINT user_change` (https://sqlite.org/lang_savepoint.html): on
    /// return the savepoint is released into the enclosing transaction; on throw everything
    /// since the savepoint is rolled back and the error rethrown.
    /// - Complexity: two prepared statements held by the connection, no parsing per call.
    func savepoint<T>(_ body: () throws -> T) throws -> T {
        let statements = try savepointStatements()
        try statements.begin.run()
        do {
            let result = try body()
            try statements.release.run()
            return result
        } catch {
            try statements.rollback.run()
            try statements.release.run()
            throw error
        }
    }

    private var savepoints: (begin: Statement, release: Statement, rollback: Statement)?

    private func savepointStatements() throws -> (begin: Statement, release: Statement, rollback: Statement) {
        if let savepoints { return savepoints }
        let made = (try prepare("SAVEPOINT user_change"), try prepare("RELEASE user_change"),
                    try prepare("ROLLBACK TO user_change"))
        savepoints = made
        return made
    }
}
