import CLibPQ
import Foundation

// Design note: this file and Connection+Transaction.swift are the only places that call
// libpq's `PQ*` functions (with Rows.swift, which reads results). Everything else speaks SQL
// text with `$n` parameters. Each distinct SQL text is prepared once per connection, under a
// name of its own (`p1`, `p2`, …), and executed by name with its parameters bound (text format,
// `bytea` in binary): no value ever enters SQL text. A reconnect starts a new session, so the
// names are forgotten with it and prepared again on first use.

/// One PostgreSQL session (libpq's `PGconn`), opened from a connection string or URI through
/// `PQconnectdb`, so libpq's own syntax (`postgresql://user@host:port/db?sslmode=…`,
/// `host=… dbname=…`) and its environment variables (`PGHOST`, `PGPORT`, `PGUSER`,
/// `PGPASSFILE`, `PGSSLMODE`…) apply, as for `psql`.
///
/// Use it from one thread at a time.
final class Connection {
    /// The session; `nil` after ``abandon()``.
    private var session: OpaquePointer?
    private let conninfo: String
    private var prepared: [String: String] = [:]
    /// The secrets to keep out of error texts: the password of the connection string, `PGPASSWORD`.
    private let secrets: [String]

    /// Connects.
    /// - Throws: ``PostgresError`` (no SQLSTATE) naming the host, port and database and
    ///   libpq's reason, with any password replaced by `***`.
    init(conninfo: String) throws {
        self.conninfo = conninfo
        secrets = Self.secrets(of: conninfo)
        guard let handle = PQconnectdb(conninfo) else {
            throw PostgresError(sqlState: nil, message: "libpq could not allocate a connection")
        }
        session = handle
        guard PQstatus(handle) == CONNECTION_OK else {
            let error = connectError()
            PQfinish(handle)
            session = nil
            throw error
        }
        try configure()
    }

    deinit {
        if let session { PQfinish(session) }
    }

    /// The live session, or the error of a connection abandoned.
    private var handle: OpaquePointer {
        get throws {
            guard let session else { throw PostgresError(sqlState: "08003", message: "the connection was closed") }
            return session
        }
    }

    /// Session settings: UTC for any timestamp the server renders, and no notices on stderr
    /// (a `CREATE TABLE IF NOT EXISTS` that finds the table says so otherwise).
    private func configure() throws {
        PQsetNoticeProcessor(try handle, { _, _ in }, nil)
        try execute("SET TIME ZONE 'UTC'")
    }

    /// `conninfo` (a URI or `key=value` string) with `options=-csearch_path=NAME` added, so
    /// that every session opened from it, a reconnected one too, uses that schema.
    /// - Precondition: `searchPath` needs no quoting (a plain lower-case name).
    static func conninfo(_ conninfo: String, searchPath: String) -> String {
        if conninfo.hasPrefix("postgres://") || conninfo.hasPrefix("postgresql://") {
            return conninfo + (conninfo.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + searchPath
        }
        return conninfo + " options='-csearch_path=\(searchPath)'"
    }

    /// Whether the session is gone (the server closed it, the network failed).
    var isBroken: Bool { session.map { PQstatus($0) != CONNECTION_OK } ?? true }

    /// The server process serving this session (`pg_backend_pid()`).
    var backendPID: Int32 { session.map { PQbackendPID($0) } ?? 0 }

    /// Where the session is, for messages: `host:port/database` (never the user's password).
    var location: String {
        guard let session else { return "?" }
        let host = PQhost(session).map { String(cString: $0) } ?? "?"
        let port = PQport(session).map { String(cString: $0) } ?? "?"
        let database = PQdb(session).map { String(cString: $0) } ?? "?"
        return "\(host):\(port)/\(database)"
    }

    /// Whether a transaction is open (or failed and not yet rolled back).
    var isInTransaction: Bool {
        guard let session else { return false }
        let status = PQtransactionStatus(session)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// Drops the session and opens a new one with the same parameters (`PQreset`); prepared
    /// statements are prepared again on first use.
    /// - Throws: ``PostgresError`` when the server cannot be reached.
    func reconnect() throws {
        prepared.removeAll()
        guard let session else {
            let reopened = try Connection(conninfo: conninfo)
            self.session = reopened.session
            reopened.session = nil
            return
        }
        PQreset(session)
        guard PQstatus(session) == CONNECTION_OK else { throw connectError() }
        try configure()
    }

    /// Closes the session at once, as a killed process would: the server ends it, releasing
    /// its session locks. The connection is broken afterwards (``reconnect()`` reopens it).
    func abandon() {
        prepared.removeAll()
        if let session { PQfinish(session) }
        session = nil
    }

    /// Runs constant SQL (schema, `BEGIN`, `SET`): one or more statements with no parameters
    /// (`PQexec`). Never put values in `sql`.
    /// - Throws: ``PostgresError``.
    func execute(_ sql: String) throws {
        guard let result = PQexec(try handle, sql) else { throw connectionError(sql: sql) }
        _ = try check(Rows(result), sql: sql)
    }

    /// Runs one constant statement with no parameters that returns rows and cannot be prepared
    /// (`FETCH` from a cursor): `PQexec`. Never put values in `sql`.
    /// - Throws: ``PostgresError``.
    func rows(_ sql: String) throws -> Rows {
        guard let result = PQexec(try handle, sql) else { throw connectionError(sql: sql) }
        return try check(Rows(result), sql: sql)
    }

    /// Runs one statement with its parameters bound (`$1`, `$2`…), prepared on first use and
    /// cached by its SQL text for the life of the session.
    /// - Returns: its rows (none for a write without `RETURNING`; ``Rows/affected`` counts the rows written).
    /// - Throws: ``PostgresError``; a text value holding a NUL character (which PostgreSQL text
    ///   cannot hold) is refused before anything is sent.
    @discardableResult
    func query(_ sql: String, _ parameters: [any PostgresBindable] = []) throws -> Rows {
        let name = try statementName(sql)
        let values = parameters.map(\.postgresParameter)
        var buffer: [UInt8] = [0] // never empty, so it has a base address
        var offsets: [Int?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        for value in values {
            switch value {
            case .null:
                offsets.append(nil)
                lengths.append(0)
                formats.append(0)
            case .text(let text):
                let utf8 = Array(text.utf8)
                if utf8.contains(0) {
                    throw PostgresError(sqlState: "22021", message: "a text value holds a NUL character, which PostgreSQL text cannot hold",
                                        sql: sql)
                }
                offsets.append(buffer.count)
                buffer += utf8
                buffer.append(0)
                lengths.append(Int32(utf8.count))
                formats.append(0)
            case .bytes(let bytes):
                offsets.append(buffer.count)
                buffer += bytes
                buffer.append(0)
                lengths.append(Int32(bytes.count))
                formats.append(1)
            }
        }
        let session = try handle
        let result: OpaquePointer? = buffer.withUnsafeBufferPointer { raw in
            raw.withMemoryRebound(to: CChar.self) { chars in
                let base = chars.baseAddress
                let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in
                    guard let offset, let base else { return nil }
                    return base + offset
                }
                return PQexecPrepared(session, name, Int32(values.count), pointers, lengths, formats, 0)
            }
        }
        guard let result else { throw connectionError(sql: sql) }
        return try check(Rows(result), sql: sql)
    }

    /// Copies rows into a table with `COPY … FROM STDIN` (text format: tab-separated, `\N` for
    /// `NULL`, `\\`, `\t`, `\n` and `\r` escaped), sent in pieces of about 256 KiB.
    /// - Parameters:
    ///   - sql: the `COPY table (columns) FROM STDIN` statement, constant text.
    ///   - rows: the rows, each with one value per column, `nil` for `NULL`.
    /// - Returns: the rows copied.
    /// - Throws: ``PostgresError``; the copy is all or nothing.
    @discardableResult
    func copy(_ sql: String, rows: [[String?]]) throws -> Int {
        let handle = try self.handle
        guard let start = PQexec(handle, sql) else { throw connectionError(sql: sql) }
        let started = Rows(start)
        guard PQresultStatus(start) == PGRES_COPY_IN else { _ = try check(started, sql: sql); return 0 }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 18)
        func flush() throws {
            let sent = chunk.withUnsafeBufferPointer { raw in
                raw.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
            }
            chunk.removeAll(keepingCapacity: true)
            if sent != 1 { throw connectionError(sql: sql) }
        }
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { chunk.append(UInt8(ascii: "\t")) }
                guard let value else { chunk += [UInt8(ascii: "\\"), UInt8(ascii: "N")]; continue }
                for byte in value.utf8 {
                    switch byte {
                    case UInt8(ascii: "\\"): chunk += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                    case UInt8(ascii: "\t"): chunk += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                    case UInt8(ascii: "\n"): chunk += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                    case UInt8(ascii: "\r"): chunk += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                    default: chunk.append(byte)
                    }
                }
            }
            chunk.append(UInt8(ascii: "\n"))
            if chunk.count >= 1 << 18 { try flush() }
        }
        if !chunk.isEmpty { try flush() }
        guard PQputCopyEnd(handle, nil) == 1 else { throw connectionError(sql: sql) }
        var copied = 0
        while let next = PQgetResult(handle) {
            let rows = try check(Rows(next), sql: sql)
            copied = rows.affected
        }
        return copied
    }

    /// The prepared statement's name for `sql`, preparing it on first use.
    private func statementName(_ sql: String) throws -> String {
        if let name = prepared[sql] { return name }
        let name = "p\(prepared.count + 1)"
        guard let result = PQprepare(try handle, name, sql, 0, nil) else { throw connectionError(sql: sql) }
        _ = try check(Rows(result), sql: sql)
        prepared[sql] = name
        return name
    }

    /// The rows when the result is a success, else its error.
    private func check(_ rows: Rows, sql: String) throws -> Rows {
        let status = rows.status
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY || status == PGRES_COPY_IN {
            return rows
        }
        var error = rows.error(sql: sql)
        if error.sqlState == nil || isBroken {
            error.sqlState = error.sqlState ?? (isBroken ? nil : "XX000")
            if error.message.isEmpty { error.message = lastMessage() }
        }
        error.message = redact(error.message)
        throw error
    }

    /// A failure with no result: the connection is gone or out of memory.
    private func connectionError(sql: String?) -> PostgresError {
        PostgresError(sqlState: nil, message: redact(lastMessage()), sql: sql)
    }

    private func connectError() -> PostgresError {
        PostgresError(sqlState: nil, message: "cannot connect to PostgreSQL at \(location): " + redact(lastMessage()))
    }

    private func lastMessage() -> String {
        guard let session else { return "the connection was closed" }
        return String(cString: PQerrorMessage(session)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `text` with every secret of the connection replaced by `***`.
    private func redact(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// The passwords the connection string and the environment hold (the string as given,
    /// percent-decoded by libpq, and `PGPASSWORD`).
    private static func secrets(of conninfo: String) -> [String] {
        var found: [String] = []
        var error: UnsafeMutablePointer<CChar>?
        if let options = PQconninfoParse(conninfo, &error) {
            var option = options
            while let keyword = option.pointee.keyword {
                if String(cString: keyword) == "password", let value = option.pointee.val {
                    found.append(String(cString: value))
                }
                option += 1
            }
            PQconninfoFree(options)
        }
        if let error { PQfreemem(error) }
        if let environment = ProcessInfo.processInfo.environment["PGPASSWORD"] { found.append(environment) }
        let encoded = found.compactMap { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) }
        return (found + encoded).filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }
}

extension Rows {
    /// libpq's status of the result.
    var status: ExecStatusType { PQresultStatus(resultPointer) }

    /// The error the result reports: SQLSTATE, primary message and constraint.
    func error(sql: String) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let ascii = code.asciiValue, let value = PQresultErrorField(resultPointer, Int32(ascii)) else { return nil }
            return String(cString: value)
        }
        return PostgresError(sqlState: field("C"), message: field("M") ?? "", constraint: field("n"), sql: sql)
    }
}

// MARK: Notifications (LISTEN/NOTIFY, for the work queue's idle workers)

extension Connection {
    /// Waits up to `timeout` seconds for a notification on a channel this session `LISTEN`s to
    /// (https://www.postgresql.org/docs/15/libpq-notify.html): reads what the server has sent
    /// (`PQconsumeInput`), and while nothing has come, waits on the session's socket.
    /// - Returns: the channels notified, empty when the time ran out.
    /// - Throws: ``PostgresError`` when the connection is lost.
    func notifications(timeout: TimeInterval) throws -> [String] {
        let session = try handle
        let deadline = Date().addingTimeInterval(max(0, timeout))
        var channels: [String] = []
        while true {
            guard PQconsumeInput(session) == 1 else { throw connectionError(sql: nil) }
            while let notice = PQnotifies(session) {
                channels.append(String(cString: notice.pointee.relname))
                PQfreemem(notice)
            }
            let left = deadline.timeIntervalSinceNow
            if !channels.isEmpty || left <= 0 { return channels }
            var descriptor = pollfd(fd: PQsocket(session), events: Int16(POLLIN), revents: 0)
            guard descriptor.fd >= 0 else { throw connectionError(sql: nil) }
            _ = poll(&descriptor, 1, Int32(min(left, 3_600) * 1_000) + 1)
        }
    }
}
