import Foundation
import Provisioning
import WorkQueue

/// The work queue in the SQLite store's own file (tables `queue_inputs`, `queue_jobs`,
/// `queue_reports`; docs/queue.md): for workers on the store's machine, each process with its
/// own handle. Claims are `BEGIN IMMEDIATE` transactions, so two workers never claim one job;
/// idle workers notice other connections' commits through `PRAGMA data_version`.
public final class SQLiteWorkQueue: WorkQueue {
    let connection: Connection
    private var seenVersion: Int64 = 0

    /// Opens the queue of the store at `path` (migrating the store first when it is older).
    /// - Throws: the store's errors (``SQLiteDirectoryError``).
    public init(storePath path: String) throws {
        _ = try SQLiteDirectory(path: path)
        connection = try Connection(path: path, mode: .readWrite)
        connection.setBusyTimeout(milliseconds: 30_000)
        try connection.execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
        seenVersion = try connection.scalar("PRAGMA data_version") ?? 0
    }

    static let columns = """
        id, customer_id, input_name, input_digest, options, operator, status, attempts, max_attempts, worker,
        lease_expires_at, not_before, progress, batch_id, last_error, summary, submitted_at, started_at, finished_at
        """

    private static func job(_ row: Statement) -> QueuedJob {
        func date(_ column: Int32) -> Date? { row.optionalDouble(column).map(Date.init(timeIntervalSince1970:)) }
        return QueuedJob(id: row.int64(0), customerID: row.text(1), inputName: row.text(2), inputDigest: row.text(3),
                         options: row.text(4), operatorName: row.text(5),
                         status: QueuedJobStatus(rawValue: row.text(6)) ?? .failed, attempts: row.int(7),
                         maxAttempts: row.int(8), worker: row.optionalText(9), leaseExpiresAt: date(10),
                         notBefore: date(11), progress: row.int(12), batchID: row.optionalText(13),
                         lastError: row.optionalText(14), summary: row.optionalText(15),
                         submittedAt: date(16) ?? Date(timeIntervalSince1970: 0), startedAt: date(17), finishedAt: date(18))
    }

    public func enqueue(input: [UInt8], name: String, jobs: [NewJob], now: Date) throws -> [Int64] {
        let digest = InputDigest.sha256Hex(input)
        return try connection.transaction {
            try connection.run("INSERT OR IGNORE INTO queue_inputs (digest, bytes) VALUES (?, ?)") {
                $0.bind(digest, at: 1)
                $0.bind(blob: input, at: 2)
            }
            return try jobs.map { new in
                try connection.run("""
                    INSERT INTO queue_jobs (customer_id, input_name, input_digest, options, operator, status, max_attempts,
                                            submitted_at)
                    VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)
                    """) {
                    $0.bind(new.customerID, at: 1)
                    $0.bind(name, at: 2)
                    $0.bind(digest, at: 3)
                    $0.bind(new.options, at: 4)
                    $0.bind(new.operatorName, at: 5)
                    $0.bind(new.maxAttempts, at: 6)
                    $0.bind(now.timeIntervalSince1970, at: 7)
                }
                return connection.lastInsertRowID
            }
        }
    }

    public func claim(worker: String, lease duration: TimeInterval, now: Date) throws -> JobLease? {
        try connection.transaction {
            while true {
                let candidate = try connection.cached("""
                    SELECT id, status, attempts, max_attempts FROM queue_jobs j
                    WHERE ((status = 'queued' AND (not_before IS NULL OR not_before <= ?1))
                           OR (status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at <= ?1)))
                      AND NOT EXISTS (SELECT 1 FROM queue_jobs e WHERE e.customer_id = j.customer_id AND e.id < j.id
                                      AND e.status IN ('queued', 'running'))
                    ORDER BY id LIMIT 1
                    """)
                candidate.bind(now.timeIntervalSince1970, at: 1)
                guard try candidate.step() else { return nil }
                let id = candidate.int64(0), status = candidate.text(1), attempts = candidate.int(2)
                let exhausted = status == "running" && attempts >= candidate.int(3)
                candidate.reset()
                if exhausted {
                    try connection.run("""
                        UPDATE queue_jobs SET status = 'failed', last_error = ?, finished_at = ?, lease_expires_at = NULL
                        WHERE id = ?
                        """) {
                        $0.bind(QueueText.lostMessage(attempts: attempts), at: 1)
                        $0.bind(now.timeIntervalSince1970, at: 2)
                        $0.bind(id, at: 3)
                    }
                    continue
                }
                try connection.run("""
                    UPDATE queue_jobs SET status = 'running', attempts = attempts + 1, worker = ?, lease_expires_at = ?,
                        not_before = NULL, progress = 0, started_at = coalesce(started_at, ?)
                    WHERE id = ?
                    """) {
                    $0.bind(worker, at: 1)
                    $0.bind(now.addingTimeInterval(duration).timeIntervalSince1970, at: 2)
                    $0.bind(now.timeIntervalSince1970, at: 3)
                    $0.bind(id, at: 4)
                }
                guard let job = try job(id: id) else { return nil }
                return JobLease(job: job, worker: worker, attempt: job.attempts, expiresAt: now.addingTimeInterval(duration))
            }
        }
    }

    /// Runs `sql` (whose last two parameters are the job id and the attempt, after `bind`'s) on
    /// the job while `lease` is its current lease.
    /// - Throws: ``WorkQueueError/leaseLost(jobID:)`` when it is not.
    private func update(_ lease: JobLease, _ sql: String, parameters: Int32, _ bind: (Statement) -> Void) throws {
        let changed = try connection.run(sql + " WHERE id = ? AND worker = ? AND attempts = ? AND status = 'running'") {
            bind($0)
            $0.bind(lease.job.id, at: parameters + 1)
            $0.bind(lease.worker, at: parameters + 2)
            $0.bind(lease.attempt, at: parameters + 3)
        }
        if changed == 0 { throw WorkQueueError.leaseLost(jobID: lease.job.id) }
    }

    public func renew(_ lease: JobLease, for duration: TimeInterval, progress: Int, now: Date) throws -> JobLease {
        let expires = now.addingTimeInterval(duration)
        try connection.transaction {
            try update(lease, "UPDATE queue_jobs SET lease_expires_at = ?, progress = ?", parameters: 2) {
                $0.bind(expires.timeIntervalSince1970, at: 1)
                $0.bind(progress, at: 2)
            }
        }
        var renewed = lease
        renewed.expiresAt = expires
        renewed.job.leaseExpiresAt = expires
        renewed.job.progress = progress
        return renewed
    }

    public func started(_ lease: JobLease, batchID: String) throws {
        try connection.transaction {
            try update(lease, "UPDATE queue_jobs SET batch_id = ?", parameters: 1) { $0.bind(batchID, at: 1) }
        }
    }

    public func complete(_ lease: JobLease, result: JobResult, now: Date) throws {
        try connection.transaction {
            try update(lease, "UPDATE queue_jobs SET status = 'done', summary = ?, finished_at = ?, lease_expires_at = NULL",
                       parameters: 2) {
                $0.bind(result.summary, at: 1)
                $0.bind(now.timeIntervalSince1970, at: 2)
            }
            for (format, bytes) in result.reports.sorted(by: { $0.key < $1.key }) {
                try connection.run("INSERT OR REPLACE INTO queue_reports (job_id, format, bytes) VALUES (?, ?, ?)") {
                    $0.bind(lease.job.id, at: 1)
                    $0.bind(format, at: 2)
                    $0.bind(blob: bytes, at: 3)
                }
            }
        }
    }

    public func fail(_ lease: JobLease, error: String, retryAfter: TimeInterval, final: Bool, now: Date) throws -> QueuedJobStatus {
        try connection.transaction {
            try update(lease, """
                UPDATE queue_jobs SET last_error = ?1, lease_expires_at = NULL,
                    status = CASE WHEN ?2 OR attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                    finished_at = CASE WHEN ?2 OR attempts >= max_attempts THEN ?3 END,
                    not_before = CASE WHEN ?2 OR attempts >= max_attempts THEN NULL ELSE ?4 END
                """, parameters: 4) {
                $0.bind(error, at: 1)
                $0.bind(final, at: 2)
                $0.bind(now.timeIntervalSince1970, at: 3)
                $0.bind(now.addingTimeInterval(max(0, retryAfter)).timeIntervalSince1970, at: 4)
            }
            return try job(id: lease.job.id)?.status ?? .failed
        }
    }

    public func handBack(_ lease: JobLease, now: Date) throws {
        try connection.transaction {
            try update(lease, "UPDATE queue_jobs SET status = 'queued', attempts = attempts - 1, lease_expires_at = NULL",
                       parameters: 0) { _ in }
        }
    }

    public func jobs(status: QueuedJobStatus?) throws -> [QueuedJob] {
        let rows = try connection.cached("SELECT \(Self.columns) FROM queue_jobs WHERE ?1 IS NULL OR status = ?1 ORDER BY id")
        defer { rows.reset() }
        rows.bind(status?.rawValue, at: 1)
        var found: [QueuedJob] = []
        while try rows.step() { found.append(Self.job(rows)) }
        return found
    }

    public func job(id: Int64) throws -> QueuedJob? {
        let rows = try connection.cached("SELECT \(Self.columns) FROM queue_jobs WHERE id = ?")
        defer { rows.reset() }
        rows.bind(id, at: 1)
        return try rows.step() ? Self.job(rows) : nil
    }

    public func input(digest: String) throws -> [UInt8] {
        let rows = try connection.cached("SELECT bytes FROM queue_inputs WHERE digest = ?")
        defer { rows.reset() }
        rows.bind(digest, at: 1)
        guard try rows.step() else { throw WorkQueueError.inputMissing(digest: digest) }
        return rows.blob(0)
    }

    public func report(jobID: Int64, format: String) throws -> [UInt8]? {
        let rows = try connection.cached("SELECT bytes FROM queue_reports WHERE job_id = ? AND format = ?")
        defer { rows.reset() }
        rows.bind(jobID, at: 1)
        rows.bind(format, at: 2)
        return try rows.step() ? rows.blob(0) : nil
    }

    /// Polls `PRAGMA data_version` (which moves when another connection commits) every 100 ms
    /// for up to `timeout` seconds.
    /// - Returns: whether another connection committed meanwhile.
    public func waitForWork(timeout: TimeInterval) throws -> Bool {
        let deadline = Date().addingTimeInterval(max(0, timeout))
        repeat {
            let version = try connection.scalar("PRAGMA data_version") ?? 0
            if version != seenVersion {
                seenVersion = version
                return true
            }
            Thread.sleep(forTimeInterval: 0.1)
        } while Date() < deadline
        return false
    }
}
