/// What a queue refuses.
public enum WorkQueueError: Error, Equatable, CustomStringConvertible {
    /// The lease is no longer the job's: it expired and another worker claimed the job, or
    /// the job was finished or handed back.
    case leaseLost(jobID: Int64)
    /// No job has this id.
    case unknownJob(Int64)
    /// The stored input of a job is missing.
    case inputMissing(digest: String)
    /// The stored options of a job cannot be read.
    case badOptions(jobID: Int64, reason: String)

    public var description: String {
        switch self {
        case .leaseLost(let id): return "job \(id): the lease was lost (it expired and another worker took the job over)"
        case .unknownJob(let id): return "no job \(id) in the queue"
        case .inputMissing(let digest): return "the stored input \(digest) is missing"
        case .badOptions(let id, let reason): return "job \(id): its stored options cannot be read: \(reason)"
        }
    }
}
