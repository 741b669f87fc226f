import CSQLite

/// `SQLITE_TRANSIENT`: SQLite copies bound text and blobs before the call returns (the C macro
/// is a cast of -1 that Swift does not import).
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
/// `SQLITE_STATIC` (a null destructor): SQLite reads bound text and blobs in place until they
/// are unbound.
private let inPlace: sqlite3_destructor_type? = nil

/// One prepared statement (https://sqlite.org/c3ref/stmt.html). Finalized when the last
/// reference goes away; cached statements live as long as their ``Connection``.
///
/// Parameters are 1-based and columns 0-based, as in SQLite's C API. Values only ever enter SQL
/// through `bind`, never through the SQL text.
final class Statement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    /// The SQL text, for error messages.
    let sql: String
    /// Where bound text and blobs are copied, for SQLite to read in place (`SQLITE_STATIC`)
    /// until ``reset()`` unbinds them, instead of SQLite allocating and later freeing a copy of
    /// each value (`SQLITE_TRANSIENT`): a tenth of the store's instructions per new user
    /// (docs/benchmarks.md). Reallocated only in ``reset()``, after the bindings are cleared,
    /// so no bound pointer outlives its bytes. Values that do not fit are bound as copies.
    private var arena: UnsafeMutableRawPointer?
    private var arenaCapacity = 0
    private var arenaUsed = 0
    /// Bytes bound since the last reset, fitting or not: the arena grows to this at the next reset.
    private var boundBytes = 0
    /// The largest arena a statement keeps; bigger values are always copied by SQLite.
    private static let arenaLimit = 64 * 1024

    init(connection: OpaquePointer, sql: String) throws {
        var prepared: OpaquePointer?
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
        guard code == SQLITE_OK, let prepared else {
            throw SQLiteError(ResultCode(code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        self.handle = prepared
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
        arena?.deallocate()
    }

    // MARK: Binding

    /// Binds text, or NULL for `nil`.
    func bind(_ value: String?, at index: Int32) {
        guard var value else { sqlite3_bind_null(handle, index); return }
        value.withUTF8 { bytes in bindBytes(UnsafeRawBufferPointer(bytes), at: index, text: true) }
    }

    /// Binds UTF-8 bytes as text.
    func bind(utf8 value: [UInt8], at index: Int32) {
        value.withUnsafeBytes { bytes in bindBytes(bytes, at: index, text: true) }
    }

    /// Binds `bytes` as text or a blob: from the arena when they fit, else as SQLite's copy.
    private func bindBytes(_ bytes: UnsafeRawBufferPointer, at index: Int32, text: Bool) {
        let count = bytes.count
        boundBytes += count
        var source = bytes.baseAddress, destructor: sqlite3_destructor_type? = transient
        if count > 0, let base = bytes.baseAddress, let arena, arenaUsed + count <= arenaCapacity {
            let target = arena + arenaUsed
            target.copyMemory(from: base, byteCount: count)
            arenaUsed += count
            source = UnsafeRawPointer(target)
            destructor = inPlace
        }
        if text {
            sqlite3_bind_text(handle, index, source?.assumingMemoryBound(to: CChar.self), Int32(count), destructor)
        } else {
            sqlite3_bind_blob(handle, index, source, Int32(count), destructor)
        }
    }

    /// Binds an integer.
    func bind(_ value: Int64, at index: Int32) {
        sqlite3_bind_int64(handle, index, value)
    }

    /// Binds an integer, or NULL for `nil`.
    func bind(_ value: Int64?, at index: Int32) {
        guard let value else { sqlite3_bind_null(handle, index); return }
        sqlite3_bind_int64(handle, index, value)
    }

    /// Binds an integer.
    func bind(_ value: Int, at index: Int32) {
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    /// Binds a Boolean as 0 or 1.
    func bind(_ value: Bool, at index: Int32) {
        sqlite3_bind_int(handle, index, value ? 1 : 0)
    }

    /// Binds a real, or NULL for `nil`.
    func bind(_ value: Double?, at index: Int32) {
        guard let value else { sqlite3_bind_null(handle, index); return }
        sqlite3_bind_double(handle, index, value)
    }

    /// Binds a blob.
    func bind(blob value: [UInt8], at index: Int32) {
        value.withUnsafeBytes { bytes in bindBytes(bytes, at: index, text: false) }
    }

    // MARK: Running

    /// Steps once.
    /// - Returns: `true` when a row is available, `false` when the statement is done.
    /// - Throws: ``SQLiteError`` for any other result; the statement is reset.
    @discardableResult
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        let error = SQLiteError(ResultCode(sqlite3_extended_errcode(connection)),
                                message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        sqlite3_reset(handle)
        throw error
    }

    /// Steps to the end, ignoring rows, then resets so the statement can be bound again.
    func run() throws {
        defer { reset() }
        while try step() {}
    }

    /// Resets the statement and clears its bindings, ready for the next use; then, with no
    /// value bound in place any more, grows the arena to what the last use bound.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        if boundBytes > arenaCapacity, boundBytes <= Self.arenaLimit {
            arena?.deallocate()
            arenaCapacity = min(Self.arenaLimit, max(256, (boundBytes + boundBytes / 2).roundedUp(toMultipleOf: 256)))
            arena = UnsafeMutableRawPointer.allocate(byteCount: arenaCapacity, alignment: 16)
        }
        arenaUsed = 0
        boundBytes = 0
    }

    // MARK: Columns

    /// Whether the column is NULL in the current row.
    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    /// The column as an integer (0 for NULL).
    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    /// The column as an `Int` (0 for NULL).
    func int(_ column: Int32) -> Int {
        Int(sqlite3_column_int64(handle, column))
    }

    /// The column as a real (0 for NULL).
    func double(_ column: Int32) -> Double {
        sqlite3_column_double(handle, column)
    }

    /// The column as a real, `nil` for NULL.
    func optionalDouble(_ column: Int32) -> Double? {
        isNull(column) ? nil : sqlite3_column_double(handle, column)
    }

    /// The column as text (empty for NULL).
    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Calls `body` with the column's UTF-8 bytes (empty for NULL), valid only inside it.
    func withText<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard let bytes = sqlite3_column_text(handle, column) else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return body(UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))))
    }

    /// The column as text, `nil` for NULL.
    func optionalText(_ column: Int32) -> String? {
        isNull(column) ? nil : text(column)
    }

    /// The column as bytes (empty for NULL).
    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
}

private extension Int {
    /// The smallest multiple of `step` that is at least `self`.
    func roundedUp(toMultipleOf step: Int) -> Int { (self + step - 1) / step * step }
}
