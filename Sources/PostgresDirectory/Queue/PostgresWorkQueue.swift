import Foundation
import Provisioning
import WorkQueue

/// The work queue on PostgreSQL (tables `queue_inputs`, `queue_jobs`, `queue_reports`;
/// docs/queue.md), for workers on many machines, as River and graphile-worker do it: a claim
/// locks the oldest ready job with `FOR UPDATE SKIP LOCKED` (two workers never take one job,
/// and neither waits for the other's row), leases end at a time stored with the job, and
/// enqueueing, handing back and finishing send a `NOTIFY` that wakes the idle workers that
/// `LISTEN` (the idle poll is only the fallback).
///
/// One instance is one session; use it from one thread at a time (one per worker slot).
public final class PostgresWorkQueue: WorkQueue {
    let connection: Connection
    private let retry: RetryPolicy
    /// The channel of this schema's queue (`provision_queue_<schema>`).
    let channel: String

    /// Connects (libpq's URI or `key=value` string), brings the schema up to date, and listens
    /// for the queue's notifications.
    /// - Throws: ``PostgresError`` (never with the password), ``PostgresDirectoryError/newerSchema(found:supported:)``.
    public init(url: String, retry: RetryPolicy = RetryPolicy()) throws {
        self.retry = retry
        connection = try Connection(conninfo: url)
        try Migrator.migrate(connection, retry: retry)
        let schema = try connection.query("SELECT current_schema()").text(0, 0)
        // An identifier from the server's own schema name, kept to [a-z0-9_] (LISTEN takes no parameter).
        channel = "provision_queue_" + String(schema.lowercased().unicodeScalars.map {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "_"
        }).prefix(40)
        try connection.execute("LISTEN \(channel)")
    }

    private func transaction<T>(_ body: () throws -> T) throws -> T {
        try connection.transaction(.readCommitted, retry: retry, body)
    }

    /// Wakes the idle workers when the transaction commits.
    private func notify() throws {
        try connection.query("SELECT pg_notify($1, '')", [channel])
    }

    static let columns = """
        id, customer_id, input_name, input_digest, options, operator, status, attempts, max_attempts, worker,
        lease_expires_at, not_before, progress, batch_id, last_error, summary, submitted_at, started_at, finished_at
        """

    private static func job(_ rows: Rows, _ row: Int) -> QueuedJob {
        func date(_ column: Int) -> Date? { rows.optionalDouble(row, column).map(Date.init(timeIntervalSince1970:)) }
        return QueuedJob(id: rows.int64(row, 0), customerID: rows.text(row, 1), inputName: rows.text(row, 2),
                         inputDigest: rows.text(row, 3), options: rows.text(row, 4), operatorName: rows.text(row, 5),
                         status: QueuedJobStatus(rawValue: rows.text(row, 6)) ?? .failed, attempts: rows.int(row, 7),
                         maxAttempts: rows.int(row, 8), worker: rows.optionalText(row, 9), leaseExpiresAt: date(10),
                         notBefore: date(11), progress: rows.int(row, 12), batchID: rows.optionalText(row, 13),
                         lastError: rows.optionalText(row, 14), summary: rows.optionalText(row, 15),
                         submittedAt: date(16) ?? Date(timeIntervalSince1970: 0), startedAt: date(17), finishedAt: date(18))
    }

    public func enqueue(input: [UInt8], name: String, jobs: [NewJob], now: Date) throws -> [Int64] {
        let digest = InputDigest.sha256Hex(input)
        return try transaction {
            try connection.query("INSERT INTO queue_inputs (digest, bytes) VALUES ($1, $2) ON CONFLICT (digest) DO NOTHING",
                                 [digest, input])
            let ids = try jobs.map { new in
                try connection.query("""
                    INSERT INTO queue_jobs (customer_id, input_name, input_digest, options, operator, status, max_attempts,
                                            submitted_at)
                    VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7) RETURNING id
                    """, [new.customerID, name, digest, new.options, new.operatorName, new.maxAttempts,
                          now.timeIntervalSince1970]).int64(0, 0)
            }
            try notify()
            return ids
        }
    }

    public func claim(worker: String, lease duration: TimeInterval, now: Date) throws -> JobLease? {
        try transaction {
            while true {
                // The oldest ready job no other session is claiming; one customer's jobs in order.
                let candidate = try connection.query("""
                    SELECT id, status, attempts, max_attempts FROM queue_jobs j
                    WHERE ((status = 'queued' AND (not_before IS NULL OR not_before <= $1))
                           OR (status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at <= $1)))
                      AND NOT EXISTS (SELECT 1 FROM queue_jobs e WHERE e.customer_id = j.customer_id AND e.id < j.id
                                      AND e.status IN ('queued', 'running'))
                    ORDER BY id LIMIT 1
                    FOR UPDATE SKIP LOCKED
                    """, [now.timeIntervalSince1970])
                guard candidate.count == 1 else { return nil }
                let id = candidate.int64(0, 0), attempts = candidate.int(0, 2)
                if candidate.text(0, 1) == "running" && attempts >= candidate.int(0, 3) {
                    try connection.query("""
                        UPDATE queue_jobs SET status = 'failed', last_error = $1, finished_at = $2, lease_expires_at = NULL
                        WHERE id = $3
                        """, [QueueText.lostMessage(attempts: attempts), now.timeIntervalSince1970, id])
                    continue
                }
                let claimed = try connection.query("""
                    UPDATE queue_jobs SET status = 'running', attempts = attempts + 1, worker = $1, lease_expires_at = $2,
                        not_before = NULL, progress = 0, started_at = coalesce(started_at, $3)
                    WHERE id = $4 RETURNING \(Self.columns)
                    """, [worker, now.addingTimeInterval(duration).timeIntervalSince1970, now.timeIntervalSince1970, id])
                let job = Self.job(claimed, 0)
                return JobLease(job: job, worker: worker, attempt: job.attempts, expiresAt: now.addingTimeInterval(duration))
            }
        }
    }

    /// Runs `sql` (an UPDATE whose parameters after `parameters` are the job id, the worker and
    /// the attempt) while `lease` is the job's current lease.
    /// - Throws: ``WorkQueueError/leaseLost(jobID:)`` when it is not.
    private func update(_ lease: JobLease, _ sql: String, _ parameters: [any PostgresBindable]) throws {
        let next = parameters.count
        let rows = try connection.query(sql + " WHERE id = $\(next + 1) AND worker = $\(next + 2) AND attempts = $\(next + 3)"
                                        + " AND status = 'running'",
                                        parameters + [lease.job.id, lease.worker, lease.attempt])
        if rows.affected == 0 { throw WorkQueueError.leaseLost(jobID: lease.job.id) }
    }

    public func renew(_ lease: JobLease, for duration: TimeInterval, progress: Int, now: Date) throws -> JobLease {
        let expires = now.addingTimeInterval(duration)
        try transaction {
            try update(lease, "UPDATE queue_jobs SET lease_expires_at = $1, progress = $2", [expires.timeIntervalSince1970, progress])
        }
        var renewed = lease
        renewed.expiresAt = expires
        renewed.job.leaseExpiresAt = expires
        renewed.job.progress = progress
        return renewed
    }

    public func started(_ lease: JobLease, batchID: String) throws {
        try transaction { try update(lease, "UPDATE queue_jobs SET batch_id = $1", [batchID]) }
    }

    public func complete(_ lease: JobLease, result: JobResult, now: Date) throws {
        try transaction {
            try update(lease, "UPDATE queue_jobs SET status = 'done', summary = $1, finished_at = $2, lease_expires_at = NULL",
                       [result.summary, now.timeIntervalSince1970])
            for (format, bytes) in result.reports.sorted(by: { $0.key < $1.key }) {
                try connection.query("""
                    INSERT INTO queue_reports (job_id, format, bytes) VALUES ($1, $2, $3)
                    ON CONFLICT (job_id, format) DO UPDATE SET bytes = excluded.bytes
                    """, [lease.job.id, format, bytes])
            }
            try notify()
        }
    }

    public func fail(_ lease: JobLease, error: String, retryAfter: TimeInterval, final: Bool, now: Date) throws -> QueuedJobStatus {
        try transaction {
            try update(lease, """
                UPDATE queue_jobs SET last_error = $1, lease_expires_at = NULL,
                    status = CASE WHEN $2::boolean OR attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                    finished_at = CASE WHEN $2::boolean OR attempts >= max_attempts THEN $3::double precision END,
                    not_before = CASE WHEN $2::boolean OR attempts >= max_attempts THEN NULL ELSE $4::double precision END
                """, [error, final, now.timeIntervalSince1970, now.addingTimeInterval(max(0, retryAfter)).timeIntervalSince1970])
            try notify()
            return try job(id: lease.job.id)?.status ?? .failed
        }
    }

    public func handBack(_ lease: JobLease, now: Date) throws {
        try transaction {
            try update(lease, "UPDATE queue_jobs SET status = 'queued', attempts = attempts - 1, lease_expires_at = NULL", [])
            try notify()
        }
    }

    public func jobs(status: QueuedJobStatus?) throws -> [QueuedJob] {
        let rows = try connection.query("SELECT \(Self.columns) FROM queue_jobs WHERE $1::text IS NULL OR status = $1 ORDER BY id",
                                        [status?.rawValue])
        return (0..<rows.count).map { Self.job(rows, $0) }
    }

    public func job(id: Int64) throws -> QueuedJob? {
        let rows = try connection.query("SELECT \(Self.columns) FROM queue_jobs WHERE id = $1", [id])
        return rows.count == 1 ? Self.job(rows, 0) : nil
    }

    public func input(digest: String) throws -> [UInt8] {
        let rows = try connection.query("SELECT bytes FROM queue_inputs WHERE digest = $1", [digest])
        guard rows.count == 1 else { throw WorkQueueError.inputMissing(digest: digest) }
        return rows.bytes(0, 0)
    }

    public func report(jobID: Int64, format: String) throws -> [UInt8]? {
        let rows = try connection.query("SELECT bytes FROM queue_reports WHERE job_id = $1 AND format = $2", [jobID, format])
        return rows.count == 1 ? rows.bytes(0, 0) : nil
    }

    /// Waits for the queue's `NOTIFY` (or `timeout`); after a lost connection, reconnects and
    /// listens again, and says to look (a notification may have been missed).
    public func waitForWork(timeout: TimeInterval) throws -> Bool {
        do {
            return try !connection.notifications(timeout: timeout).isEmpty
        } catch let error as PostgresError where error.isTransient || connection.isBroken {
            try connection.reconnect()
            try connection.execute("LISTEN \(channel)")
            return true
        }
    }
}
