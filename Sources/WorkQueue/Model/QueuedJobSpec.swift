import Foundation
import Provisioning

/// A queued job's options, stored as JSON beside it: what `provision submit` was given, so
/// that the worker runs the job as `provision apply FILE` with the same options would.
public struct QueuedJobSpec: Codable, Sendable, Equatable {
    /// `--customer` at submission: the customer of rows without a `Customer` value.
    public var defaultCustomerID: String?
    /// The batch the run journals under on its first run (as `apply` computes it from the
    /// file's bytes and the options, so a queued job and a local apply of one file agree).
    public var batchID: String
    /// The operator's role (``OperatorRole`` raw value).
    public var role: String
    /// `--exact`.
    public var exact: Bool
    /// `--all-or-nothing` (within the job's customer).
    public var allOrNothing: Bool
    /// `--batch-size`.
    public var batchSize: Int
    /// `--max-removals` (`nil`: no limit).
    public var maxRemovals: Int?
    /// `--max-deletes` (`nil`: no limit).
    public var maxDeletes: Int?
    /// `--encoding`, by name.
    public var encoding: String?
    /// `--delimiter`, as its byte.
    public var delimiter: UInt8?
    /// `--location`.
    public var location: String?
    /// The text of the `--map` file, if one was given.
    public var columnMap: String?

    /// Creates a spec.
    public init(defaultCustomerID: String?, batchID: String, role: OperatorRole, exact: Bool = false,
                allOrNothing: Bool = false, batchSize: Int = JobOptions.defaultBatchSize,
                maxRemovals: Int? = SafetyLimits.defaults.maxRemovals, maxDeletes: Int? = SafetyLimits.defaults.maxDeletes,
                encoding: String? = nil, delimiter: UInt8? = nil, location: String? = nil, columnMap: String? = nil) {
        self.defaultCustomerID = defaultCustomerID
        self.batchID = batchID
        self.role = role.rawValue
        self.exact = exact
        self.allOrNothing = allOrNothing
        self.batchSize = batchSize
        self.maxRemovals = maxRemovals
        self.maxDeletes = maxDeletes
        self.encoding = encoding
        self.delimiter = delimiter
        self.location = location
        self.columnMap = columnMap
    }

    /// The spec as stored (keys sorted, so equal specs store equal text).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The spec stored with `job`.
    /// - Throws: ``WorkQueueError/badOptions(jobID:reason:)``.
    public init(of job: QueuedJob) throws {
        do {
            self = try JSONDecoder().decode(QueuedJobSpec.self, from: Data(job.options.utf8))
        } catch {
            throw WorkQueueError.badOptions(jobID: job.id, reason: "\(error)")
        }
        guard OperatorRole(rawValue: role) != nil else {
            throw WorkQueueError.badOptions(jobID: job.id, reason: "unknown role '\(role)'")
        }
    }

    /// The job options of a run of this spec.
    /// - Parameters:
    ///   - operatorName: who submitted the job (the audit log names them, not the worker).
    ///   - now: "now" for the run's rules and audit times.
    ///   - clock: the wall clock for the report's times.
    public func options(operatorName: String, now: Date, clock: @escaping @Sendable () -> Date) -> JobOptions {
        JobOptions(role: OperatorRole(rawValue: role) ?? .adminAgent, operatorName: operatorName, now: now, exact: exact,
                   allOrNothing: allOrNothing, preview: false, fromFile: true, lockWait: 0, batchSize: batchSize,
                   limits: SafetyLimits(maxRemovals: maxRemovals, maxDeletes: maxDeletes), clock: clock)
    }
}
