import Foundation

// Design note: the queue is a contract in the style of River and graphile-worker on
// PostgreSQL (docs/queue.md): a job is claimed with a lease that the holder renews with
// heartbeats; a holder that dies stops renewing, its lease expires, and the next claim takes
// the job over (a new attempt), where `Job.run` resumes the batch from the journal. Every
// backend (in memory for tests, SQLite, PostgreSQL) keeps the same rules, listed on each
// requirement, so that the worker loop (``Worker``) is written once.

/// A queue of provisioning jobs shared by workers.
///
/// The rules every backend keeps:
/// - Claims take the oldest ready job: queued (its back-off over), or running with an expired
///   lease. A job waits while an earlier job of the same customer is queued or running, so one
///   customer's jobs run one at a time and in submission order; a failed job no longer holds
///   them back.
/// - Claiming an expired job whose attempts are used up marks it failed instead (its workers
///   kept dying), and the claim goes on to the next job.
/// - Renewing, completing and failing need the lease to be the job's current one.
/// - One handle is used from one thread at a time.
public protocol WorkQueue: AnyObject {
    /// Stores `input` once (by its SHA-256) and one job per entry of `jobs`, in one transaction.
    /// - Parameter name: the input's name for the reports.
    /// - Returns: the jobs' ids, in order.
    func enqueue(input: [UInt8], name: String, jobs: [NewJob], now: Date) throws -> [Int64]

    /// Claims the oldest ready job for `worker`, with a lease of `duration` seconds.
    /// - Returns: the lease, or `nil` when no job is ready.
    func claim(worker: String, lease duration: TimeInterval, now: Date) throws -> JobLease?

    /// Extends `lease` to `now + duration` and records the run's progress.
    /// - Returns: the renewed lease.
    /// - Throws: ``WorkQueueError/leaseLost(jobID:)`` when the job is no longer this lease's.
    func renew(_ lease: JobLease, for duration: TimeInterval, progress: Int, now: Date) throws -> JobLease

    /// Records the batch id the run journals under (from its start), so that a later attempt
    /// knows whether an earlier one already finished it.
    /// - Throws: ``WorkQueueError/leaseLost(jobID:)``.
    func started(_ lease: JobLease, batchID: String) throws

    /// Marks the job done with its report and summary.
    /// - Throws: ``WorkQueueError/leaseLost(jobID:)``.
    func complete(_ lease: JobLease, result: JobResult, now: Date) throws

    /// Records a failed attempt: the job is queued again, not before `now + retryAfter`, or
    /// failed for good when its attempts are used up or the failure is `final` (it would fail
    /// the same way again: a bad input, an unknown customer).
    /// - Returns: the job's status after it.
    /// - Throws: ``WorkQueueError/leaseLost(jobID:)``.
    @discardableResult
    func fail(_ lease: JobLease, error: String, retryAfter: TimeInterval, final: Bool, now: Date) throws -> QueuedJobStatus

    /// Gives the job back unfinished (a worker stopping, a customer lock held elsewhere):
    /// queued again at once, the attempt not counted.
    /// - Throws: ``WorkQueueError/leaseLost(jobID:)``.
    func handBack(_ lease: JobLease, now: Date) throws

    /// Jobs, oldest first; only those with `status` when given.
    func jobs(status: QueuedJobStatus?) throws -> [QueuedJob]

    /// The job with `id`, or `nil`.
    func job(id: Int64) throws -> QueuedJob?

    /// The input bytes stored under `digest`.
    /// - Throws: ``WorkQueueError/inputMissing(digest:)``.
    func input(digest: String) throws -> [UInt8]

    /// A done job's report in `format` (`text`, `json`, `csv`, `html`), or `nil`.
    func report(jobID: Int64, format: String) throws -> [UInt8]?

    /// Waits up to `timeout` seconds for a sign that a job may be ready (PostgreSQL: a
    /// `NOTIFY` on enqueue and hand-back); returns early on one. Backends without
    /// notifications just wait out the time: it is the idle worker's poll.
    /// - Returns: whether a sign came (rather than the time running out).
    @discardableResult
    func waitForWork(timeout: TimeInterval) throws -> Bool
}
