import Foundation

/// The queue in memory, for tests and for one process: the rules of ``WorkQueue``, kept in
/// a dictionary behind a lock (so that the handles of several in-process workers may share one).
public final class InMemoryWorkQueue: WorkQueue, @unchecked Sendable {
    private let lock = NSLock()
    private var rows: [Int64: QueuedJob] = [:]
    private var inputs: [String: [UInt8]] = [:]
    private var reports: [Int64: [String: [UInt8]]] = [:]
    private var nextID: Int64 = 1
    private let waker = NSCondition()
    private var pending = false

    /// An empty queue.
    public init() {}

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    public func enqueue(input: [UInt8], name: String, jobs: [NewJob], now: Date) throws -> [Int64] {
        let digest = InputDigest.sha256Hex(input)
        let ids: [Int64] = locked {
            inputs[digest] = input
            return jobs.map { new in
                let id = nextID
                nextID += 1
                rows[id] = QueuedJob(id: id, customerID: new.customerID, inputName: name, inputDigest: digest,
                                     options: new.options, operatorName: new.operatorName, maxAttempts: new.maxAttempts,
                                     submittedAt: now)
                return id
            }
        }
        wake()
        return ids
    }

    public func claim(worker: String, lease duration: TimeInterval, now: Date) throws -> JobLease? {
        locked {
            for id in rows.keys.sorted() {
                guard var job = rows[id], QueueRules.isReady(job, now: now) else { continue }
                if QueueRules.blocked(job, by: rows.values, now: now) { continue }
                if job.status == .running, job.attempts >= job.maxAttempts {
                    QueueRules.exhaust(&job, now: now)
                    rows[id] = job
                    continue
                }
                job.status = .running
                job.attempts += 1
                job.worker = worker
                job.leaseExpiresAt = now.addingTimeInterval(duration)
                job.notBefore = nil
                job.progress = 0
                job.startedAt = job.startedAt ?? now
                rows[id] = job
                return JobLease(job: job, worker: worker, attempt: job.attempts, expiresAt: now.addingTimeInterval(duration))
            }
            return nil
        }
    }

    /// The job, when `lease` is still its current lease.
    private func held(_ lease: JobLease) throws -> QueuedJob {
        guard let job = rows[lease.job.id], job.status == .running, job.worker == lease.worker,
              job.attempts == lease.attempt else { throw WorkQueueError.leaseLost(jobID: lease.job.id) }
        return job
    }

    public func renew(_ lease: JobLease, for duration: TimeInterval, progress: Int, now: Date) throws -> JobLease {
        try locked {
            var job = try held(lease)
            job.leaseExpiresAt = now.addingTimeInterval(duration)
            job.progress = progress
            rows[job.id] = job
            var renewed = lease
            renewed.expiresAt = now.addingTimeInterval(duration)
            renewed.job = job
            return renewed
        }
    }

    public func started(_ lease: JobLease, batchID: String) throws {
        try locked {
            var job = try held(lease)
            job.batchID = batchID
            rows[job.id] = job
        }
    }

    public func complete(_ lease: JobLease, result: JobResult, now: Date) throws {
        try locked {
            var job = try held(lease)
            job.status = .done
            job.summary = result.summary
            job.finishedAt = now
            job.leaseExpiresAt = nil
            rows[job.id] = job
            reports[job.id] = result.reports
        }
        wake()
    }

    public func fail(_ lease: JobLease, error: String, retryAfter: TimeInterval, final: Bool, now: Date) throws -> QueuedJobStatus {
        let status: QueuedJobStatus = try locked {
            var job = try held(lease)
            QueueRules.failAttempt(&job, error: error, retryAfter: retryAfter, final: final, now: now)
            rows[job.id] = job
            return job.status
        }
        wake()
        return status
    }

    public func handBack(_ lease: JobLease, now: Date) throws {
        try locked {
            var job = try held(lease)
            job.status = .queued
            job.attempts -= 1
            job.leaseExpiresAt = nil
            rows[job.id] = job
        }
        wake()
    }

    public func jobs(status: QueuedJobStatus?) throws -> [QueuedJob] {
        locked { rows.keys.sorted().compactMap { rows[$0] }.filter { status == nil || $0.status == status } }
    }

    public func job(id: Int64) throws -> QueuedJob? { locked { rows[id] } }

    public func input(digest: String) throws -> [UInt8] {
        guard let bytes = locked({ inputs[digest] }) else { throw WorkQueueError.inputMissing(digest: digest) }
        return bytes
    }

    public func report(jobID: Int64, format: String) throws -> [UInt8]? { locked { reports[jobID]?[format] } }

    /// Waits until a job is enqueued, handed back, completed or failed, or `timeout` passes.
    public func waitForWork(timeout: TimeInterval) throws -> Bool {
        waker.lock()
        defer { waker.unlock() }
        if !pending { _ = waker.wait(until: Date().addingTimeInterval(max(0, timeout))) }
        defer { pending = false }
        return pending
    }

    private func wake() {
        waker.lock()
        pending = true
        waker.broadcast()
        waker.unlock()
    }

    /// Makes `job`'s lease end now (a test's stand-in for the holder dying and time passing).
    public func expireLease(jobID: Int64, at now: Date) {
        locked { rows[jobID]?.leaseExpiresAt = now }
    }
}
