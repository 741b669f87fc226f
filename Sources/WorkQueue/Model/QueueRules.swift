import Foundation

/// The claim and failure rules of ``WorkQueue`` on job records, for the backends that keep
/// jobs as Swift values (the SQL backends say the same in their statements).
enum QueueRules {
    /// Whether `job` may be claimed now, on its own: queued with its back-off over, or running
    /// with an expired lease.
    static func isReady(_ job: QueuedJob, now: Date) -> Bool {
        switch job.status {
        case .queued: return job.notBefore.map { $0 <= now } ?? true
        case .running: return job.leaseExpiresAt.map { $0 <= now } ?? true
        case .done, .failed: return false
        }
    }

    /// Whether an earlier job of the same customer is still queued or running.
    static func blocked<S: Sequence>(_ job: QueuedJob, by all: S, now: Date) -> Bool where S.Element == QueuedJob {
        all.contains { other in
            other.customerID == job.customerID && other.id < job.id && (other.status == .queued || other.status == .running)
        }
    }

    /// Marks a job whose holders kept dying failed for good.
    static func exhaust(_ job: inout QueuedJob, now: Date) {
        job.status = .failed
        job.lastError = QueueText.lostMessage(attempts: job.attempts)
        job.finishedAt = now
        job.leaseExpiresAt = nil
    }


    /// Records a failed attempt.
    static func failAttempt(_ job: inout QueuedJob, error: String, retryAfter: TimeInterval, final: Bool, now: Date) {
        job.lastError = error
        job.leaseExpiresAt = nil
        if final || job.attempts >= job.maxAttempts {
            job.status = .failed
            job.finishedAt = now
        } else {
            job.status = .queued
            job.notBefore = now.addingTimeInterval(max(0, retryAfter))
        }
    }
}
