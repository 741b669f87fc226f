import Foundation
@testable import PostgresDirectory
import Provisioning
import Synchronization
import Testing

/// The libpq layer: bound parameters, typed results, errors, the retrying transaction,
/// reconnecting, and migrations.
@Suite(.enabled(if: TestDatabase.enabled, TestDatabase.skipReason), .serialized)
struct ConnectionTests {
    /// Hostile text goes through bound parameters untouched: quotes, backslashes, semicolons,
    /// SQL comments, dollar quotes, non-ASCII, all read back byte for byte.
    @Test func boundParametersCarryHostileTextUnchanged() throws {
        try TestDatabase.withSchema { conninfo in
            let connection = try Connection(conninfo: conninfo)
            try connection.execute("CREATE TABLE t (v text, b bytea, n bigint, d double precision, f boolean)")
            let hostile = ["O'Brien", "'; DROP TABLE t; --", "\"quoted\"", "back\\slash", "$$ dollar $$", "$1", "名前 ünïcode",
                           "tab\tline\nbreak", "{\"a\",\"b\"}", ""]
            for value in hostile {
                try connection.query("INSERT INTO t (v, b, n, d, f) VALUES ($1, $2, $3, $4, $5)",
                                     [value, Array(value.utf8) + [0, 255], Int64.min, 0.1, true])
            }
            let rows = try connection.query("SELECT v, b, n, d, f FROM t ORDER BY v")
            #expect(rows.count == hostile.count)
            #expect((0..<rows.count).map { rows.text($0, 0) } == hostile.sorted())
            for row in 0..<rows.count {
                #expect(rows.bytes(row, 1) == Array(rows.text(row, 0).utf8) + [0, 255])
                #expect(rows.int64(row, 2) == Int64.min)
                #expect(rows.double(row, 3) == 0.1)
                #expect(rows.bool(row, 4))
            }
            #expect(try connection.query("SELECT count(*) FROM t WHERE v = $1", ["'; DROP TABLE t; --"]).int(0, 0) == 1)
            let nothing: String? = nil
            try connection.query("INSERT INTO t (v) VALUES ($1)", [nothing])
            #expect(try connection.query("SELECT count(*) FROM t WHERE v IS NULL").int(0, 0) == 1)
            let array = try connection.query("SELECT x FROM unnest($1::text[]) AS x", [TextArray(hostile)])
            #expect((0..<array.count).map { array.text($0, 0) } == hostile)
        }
    }

    /// A text value with a NUL character is refused before anything is sent.
    @Test func aNULCharacterIsRefused() throws {
        try TestDatabase.withSchema { conninfo in
            let connection = try Connection(conninfo: conninfo)
            #expect(throws: PostgresError.self) { try connection.query("SELECT $1::text", ["a\u{0}b"]) }
            #expect(try connection.query("SELECT $1::text", ["ok"]).text(0, 0) == "ok")
        }
    }

    /// An error carries the SQLSTATE, the message and the constraint, not the bound values.
    @Test func errorsCarrySQLStateAndNoValues() throws {
        try TestDatabase.withSchema { conninfo in
            let connection = try Connection(conninfo: conninfo)
            try connection.execute("CREATE TABLE t (v text CONSTRAINT t_unique UNIQUE)")
            try connection.query("INSERT INTO t VALUES ($1)", ["secret-value"])
            do {
                try connection.query("INSERT INTO t VALUES ($1)", ["secret-value"])
                Issue.record("a duplicate was inserted")
            } catch let error as PostgresError {
                #expect(error.sqlState == "23505" && error.isUniqueViolation)
                #expect(error.constraint == "t_unique")
                #expect(!"\(error)".contains("secret-value"))
                #expect("\(error)".contains("23505"))
            }
            // The session is usable after an error outside a transaction.
            #expect(try connection.query("SELECT 1").int(0, 0) == 1)
        }
    }

    /// A connection error names where it tried and never shows the password of the URL.
    @Test func aConnectionErrorHidesThePassword() throws {
        let url = "postgresql://someone:s3cr%21t-pw@127.0.0.1:1/nowhere?connect_timeout=2"
        do {
            _ = try Connection(conninfo: url)
            Issue.record("connected to port 1")
        } catch let error as PostgresError {
            #expect(error.sqlState == nil && error.isConnectionLoss)
            #expect("\(error)".contains("127.0.0.1"))
            #expect(!"\(error)".contains("s3cr"))
        }
        do {
            _ = try Connection(conninfo: "host=127.0.0.1 port=1 password='pw-in-keywords' connect_timeout=2")
            Issue.record("connected to port 1")
        } catch let error as PostgresError {
            #expect(!"\(error)".contains("pw-in-keywords"))
        }
    }

    /// libpq's environment variables apply: `PGHOST`-style settings in the string are optional.
    @Test func theURLIsLibpqsOwn() throws {
        try TestDatabase.withSchema { conninfo in
            let connection = try Connection(conninfo: conninfo)
            #expect(connection.location.hasPrefix("127.0.0.1:"))
            #expect(try connection.query("SELECT current_schema()").text(0, 0).hasPrefix("t_"))
        }
    }

    /// A forced serialization failure (two SERIALIZABLE transactions writing what the other
    /// read) is retried with the policy's sleeps, and the body's work ends up committed once.
    @Test func aSerializationFailureIsRetried() throws {
        try TestDatabase.withSchema { conninfo in
            let first = try Connection(conninfo: conninfo), second = try Connection(conninfo: conninfo)
            try first.execute("CREATE TABLE t (k int PRIMARY KEY, v int NOT NULL); INSERT INTO t VALUES (1, 0), (2, 0)")
            let sleeps = Mutex<[TimeInterval]>([])
            let policy = RetryPolicy(attempts: 3, baseDelay: 0.01, maxDelay: 1, jitter: { 1 },
                                     sleep: { delay in sleeps.withLock { $0.append(delay) } })
            var attempts = 0
            try first.transaction(.serializable, retry: policy) {
                attempts += 1
                _ = try first.query("SELECT sum(v) FROM t")
                if attempts == 1 {
                    // Another session reads and writes the other row and commits first.
                    try second.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
                    _ = try second.query("SELECT sum(v) FROM t")
                    try second.query("UPDATE t SET v = v + 1 WHERE k = 2")
                    try second.execute("COMMIT")
                }
                try first.query("UPDATE t SET v = v + 10 WHERE k = 1")
            }
            #expect(attempts == 2)
            #expect(sleeps.withLock { $0 } == [0.01])
            #expect(try first.query("SELECT v FROM t ORDER BY k").int(0, 0) == 10)
        }
    }

    /// A transient failure on every attempt ends after `attempts`, with the error; a
    /// non-transient error is not retried.
    @Test func retriesAreBounded() throws {
        try TestDatabase.withSchema { conninfo in
            let connection = try Connection(conninfo: conninfo)
            let sleeps = Mutex<[TimeInterval]>([])
            let policy = RetryPolicy(attempts: 4, baseDelay: 0.01, maxDelay: 0.025, jitter: { 1 },
                                     sleep: { delay in sleeps.withLock { $0.append(delay) } })
            var attempts = 0
            #expect(throws: PostgresError.self) {
                try connection.transaction(retry: policy) {
                    attempts += 1
                    try connection.execute("DO $$ BEGIN RAISE EXCEPTION 'forced' USING ERRCODE = '40001'; END $$")
                }
            }
            #expect(attempts == 4)
            #expect(sleeps.withLock { $0 } == [0.01, 0.02, 0.025])
            attempts = 0
            #expect(throws: PostgresError.self) {
                try connection.transaction(retry: policy) {
                    attempts += 1
                    try connection.execute("SELECT 1/0")
                }
            }
            #expect(attempts == 1)
        }
    }

    /// A session the server terminates (`pg_terminate_backend`) is reopened and the
    /// transaction run again; prepared statements are prepared again in the new session.
    @Test func aLostConnectionIsReopened() throws {
        try TestDatabase.withSchema { conninfo in
            let connection = try Connection(conninfo: conninfo), killer = try Connection(conninfo: conninfo)
            try connection.execute("CREATE TABLE t (v int)")
            #expect(try connection.query("SELECT $1::int + 1", [1]).int(0, 0) == 2)
            let policy = RetryPolicy(attempts: 3, jitter: { 1 }, sleep: { _ in })
            var attempts = 0
            let before = connection.backendPID
            try connection.transaction(retry: policy) {
                attempts += 1
                if attempts == 1 {
                    try killer.query("SELECT pg_terminate_backend($1)", [Int(connection.backendPID)])
                    Thread.sleep(forTimeInterval: 0.1)
                }
                try connection.query("INSERT INTO t VALUES ($1)", [attempts])
            }
            #expect(attempts == 2)
            #expect(connection.backendPID != before)
            #expect(try connection.query("SELECT v FROM t").int(0, 0) == 2)
            #expect(try connection.query("SELECT $1::int + 1", [41]).int(0, 0) == 42)
        }
    }

    /// Migrations apply once; two processes migrating at once (two sessions, started
    /// together) both succeed and the versions are recorded once each.
    @Test func migrationsApplyOnceUnderConcurrency() throws {
        try TestDatabase.withSchema { conninfo in
            let policy = RetryPolicy()
            let results = Mutex<[Result<[Int], PostgresError>]>([])
            let threads = (0..<3).map { _ in
                Thread {
                    do {
                        let connection = try Connection(conninfo: conninfo)
                        let applied = try Migrator.migrate(connection, retry: policy)
                        results.withLock { $0.append(.success(applied)) }
                    } catch {
                        results.withLock { $0.append(.failure(error as? PostgresError ?? PostgresError(sqlState: nil, message: "\(error)"))) }
                    }
                }
            }
            threads.forEach { $0.start() }
            while results.withLock({ $0.count }) < 3 { Thread.sleep(forTimeInterval: 0.01) }
            let applied = try results.withLock { try $0.map { try $0.get() } }
            #expect(applied.filter { !$0.isEmpty } == [Array(1...Migrations.currentVersion)])
            let connection = try Connection(conninfo: conninfo)
            #expect(try connection.query("SELECT count(*) FROM schema_migrations").int(0, 0) == Migrations.currentVersion)
            #expect(try Migrator.migrate(connection, retry: policy).isEmpty)
            try connection.query("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')",
                                 [Migrations.currentVersion + 1])
            #expect(throws: StoreError.newerSchema(store: connection.location, found: Migrations.currentVersion + 1,
                                                                supported: Migrations.currentVersion)) {
                try Migrator.migrate(connection, retry: policy)
            }
        }
    }
}
