import Foundation

/// Where a queued job stands.
public enum QueuedJobStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting for a worker (new, handed back, or to be retried after a failure).
    case queued
    /// Claimed by a worker whose lease runs until ``QueuedJob/leaseExpiresAt``; once it has
    /// expired, the next claim takes the job over (the worker is presumed dead).
    case running
    /// Ran to its end; its report is stored (some of its users may have failed, as with `apply`).
    case done
    /// Failed for good after its last attempt, with ``QueuedJob/lastError``; it no longer
    /// holds back the customer's later jobs.
    case failed
}

/// One job of the queue: one input file for one customer, with the options it was submitted
/// with, as any backend stores it.
public struct QueuedJob: Sendable, Equatable {
    /// The queue's id for it (increasing in submission order).
    public var id: Int64
    /// The customer whose rows it applies (as the store spells the id).
    public var customerID: String
    /// The input's name as given at submission (reports show it).
    public var inputName: String
    /// The SHA-256 of the input's bytes, hex; jobs submitted from one file share the stored copy.
    public var inputDigest: String
    /// The options it runs with, as JSON (``QueuedJobSpec``).
    public var options: String
    /// Who submitted it (the audit log names them).
    public var operatorName: String
    /// Where it stands.
    public var status: QueuedJobStatus
    /// Claims so far (a hand-back does not count).
    public var attempts: Int
    /// Claims allowed before a failure is final.
    public var maxAttempts: Int
    /// The worker holding or last holding it.
    public var worker: String?
    /// When the holder's lease ends, while running.
    public var leaseExpiresAt: Date?
    /// Not claimed again before this (a retry's back-off).
    public var notBefore: Date?
    /// Users handled so far by the current attempt (from its heartbeats).
    public var progress: Int
    /// The batch its run journals under, once a run has started.
    public var batchID: String?
    /// The last failure, if any (kept after a retry succeeds, cleared by nothing).
    public var lastError: String?
    /// The run's summary once done (``RunSummaryText``).
    public var summary: String?
    /// When it was submitted.
    public var submittedAt: Date
    /// When its first attempt started.
    public var startedAt: Date?
    /// When it ended (done or failed for good).
    public var finishedAt: Date?

    /// Creates a job record.
    public init(id: Int64, customerID: String, inputName: String, inputDigest: String, options: String,
                operatorName: String, status: QueuedJobStatus = .queued, attempts: Int = 0, maxAttempts: Int,
                worker: String? = nil, leaseExpiresAt: Date? = nil, notBefore: Date? = nil, progress: Int = 0,
                batchID: String? = nil, lastError: String? = nil, summary: String? = nil, submittedAt: Date,
                startedAt: Date? = nil, finishedAt: Date? = nil) {
        self.id = id
        self.customerID = customerID
        self.inputName = inputName
        self.inputDigest = inputDigest
        self.options = options
        self.operatorName = operatorName
        self.status = status
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.worker = worker
        self.leaseExpiresAt = leaseExpiresAt
        self.notBefore = notBefore
        self.progress = progress
        self.batchID = batchID
        self.lastError = lastError
        self.summary = summary
        self.submittedAt = submittedAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}
