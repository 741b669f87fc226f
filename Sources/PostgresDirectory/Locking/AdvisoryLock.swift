import Foundation
import Provisioning

/// A customer's job lock: a PostgreSQL session advisory lock
/// (https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS) held by a
/// session of its own.
///
/// The key is `hashtextextended(current_schema() || '/' || customer, 0)`: one per store (schema)
/// and customer; two customers whose keys collide (one chance in 2⁶⁴ per pair) only take
/// turns. The server drops a session lock when the session ends, so a worker killed on any
/// machine leaves no stale lock: its TCP session is closed by its kernel, or by the server's
/// keepalives when the machine is gone. While held, `lock_holders` has a row naming the holder
/// and the server process of the session, so that a refused job can say who has it; a row
/// whose session is gone is stale and taken over by the next holder.
final class AdvisoryLock: DirectoryLock {
    private var connection: Connection?
    private let customerID: String
    private let guardLock = NSLock()

    private init(connection: Connection, customerID: String) {
        self.connection = connection
        self.customerID = customerID
    }

    deinit {
        release()
    }

    static let keySQL = "hashtextextended(current_schema() || '/' || $1::text, 0)"

    /// Takes the lock on a new session, polling every 50 ms for up to `wait` seconds.
    /// - Throws: ``LockBusy`` naming the holder, or ``PostgresError``.
    static func acquire(conninfo: String, customerID: String, holder: String, wait: TimeInterval) throws -> AdvisoryLock {
        let connection = try Connection(conninfo: conninfo)
        let deadline = Date().addingTimeInterval(max(0, wait))
        while true {
            if try connection.query("SELECT pg_try_advisory_lock(\(keySQL))", [customerID]).bool(0, 0) {
                try connection.query("""
                    INSERT INTO lock_holders (customer_id, holder, backend_pid, since) VALUES ($1, $2, pg_backend_pid(), $3)
                    ON CONFLICT (customer_id) DO UPDATE SET holder = excluded.holder, backend_pid = excluded.backend_pid,
                        since = excluded.since
                    """, [customerID, holder, AuditDetail.timestamp(Date())])
                return AdvisoryLock(connection: connection, customerID: customerID)
            }
            if Date() >= deadline { throw LockBusy(customerID: customerID, holder: try holderText(connection, customerID)) }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Who holds the lock: the `lock_holders` row when its session is alive, else "another
    /// session" (one that has just taken it and not yet named itself).
    private static func holderText(_ connection: Connection, _ customerID: String) throws -> String {
        let rows = try connection.query("""
            SELECT holder, since FROM lock_holders WHERE customer_id = $1 AND backend_pid IN (SELECT pid FROM pg_stat_activity)
            """, [customerID])
        return rows.count == 1 ? "\(rows.text(0, 0)), since \(rows.text(0, 1))" : "another session"
    }

    /// Releases the lock and closes its session (idempotent).
    func release() {
        guardLock.lock()
        defer { guardLock.unlock() }
        guard let connection else { return }
        self.connection = nil
        if !connection.isBroken {
            _ = try? connection.query("DELETE FROM lock_holders WHERE customer_id = $1 AND backend_pid = pg_backend_pid()", [customerID])
            _ = try? connection.query("SELECT pg_advisory_unlock(\(Self.keySQL))", [customerID])
        }
    }

    /// Closes the session without releasing anything, as a killed worker would (for tests).
    func abandon() {
        guardLock.lock()
        defer { guardLock.unlock() }
        connection?.abandon()
        connection = nil
    }

    /// The server process of the lock's session (for tests that terminate it).
    var backendPID: Int32 { connection?.backendPID ?? 0 }
}
