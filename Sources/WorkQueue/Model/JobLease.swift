import Foundation

/// A worker's claim on a job, valid until ``expiresAt`` unless renewed.
///
/// A lease is named by the job, the worker and the attempt it was given at: once a lease has
/// expired and another worker has claimed the job (a new attempt), the old holder's renewals,
/// completion and failure are refused with ``WorkQueueError/leaseLost(jobID:)``.
public struct JobLease: Sendable, Equatable {
    /// The job, as it was claimed (status running, attempts counting this claim).
    public var job: QueuedJob
    /// The worker holding it.
    public var worker: String
    /// The attempt this lease is for (``QueuedJob/attempts`` at the claim).
    public var attempt: Int
    /// When it ends unless renewed.
    public var expiresAt: Date

    /// Creates a lease.
    public init(job: QueuedJob, worker: String, attempt: Int, expiresAt: Date) {
        self.job = job
        self.worker = worker
        self.attempt = attempt
        self.expiresAt = expiresAt
    }
}

/// What a finished run leaves in the queue.
public struct JobResult: Sendable, Equatable {
    /// The per-user report in each format, by format name (`text`, `json`, `csv`, `html`).
    public var reports: [String: [UInt8]]
    /// The run's summary, as JSON (``RunSummaryText``).
    public var summary: String

    /// Creates a result.
    public init(reports: [String: [UInt8]], summary: String) {
        self.reports = reports
        self.summary = summary
    }
}
