import Foundation
import Provisioning

/// A claimed job run the way `provision apply FILE` runs one: its customer's rows of the
/// submitted file, its stored options, the submitter's name in the audit log, with the lease
/// renewed as users are handled and the batch id recorded in the queue when the run starts.
public struct QueuedRun {
    /// The lease being run.
    public let lease: JobLease
    /// Its heartbeat.
    public let heartbeat: Heartbeat
    /// The job's options.
    public let spec: QueuedJobSpec

    /// Prepares the run of `lease`.
    /// - Throws: ``JobFailure`` (final) when the stored options cannot be read.
    public init(_ lease: JobLease, heartbeat: Heartbeat) throws {
        self.lease = lease
        self.heartbeat = heartbeat
        do {
            spec = try QueuedJobSpec(of: lease.job)
        } catch {
            throw JobFailure("\(error)", kind: .final)
        }
    }

    /// Runs the job.
    /// - Parameters:
    ///   - open: opens the submitted file's requests from the start (each pass).
    ///   - configure: last changes to the options (the input's row count and summary).
    /// - Returns: the run's summary.
    /// - Throws: ``JobFailure`` (hand back) when the customer's lock is held by a run outside
    ///   the queue; (final) when an earlier attempt finished the batch but not the job; the
    ///   job's own errors otherwise.
    public func run(directory: any Directory & JobLedger, lookups: Directory?, open: @escaping () throws -> any RequestSource,
                    outputs: any JobOutputs, random: RandomSource, now: Date, clock: @escaping @Sendable () -> Date,
                    configure: (inout JobOptions) -> Void = { _ in }) throws -> RunSummary {
        let customerID = lease.job.customerID
        if let batchID = lease.job.batchID, try directory.isBatchFinished(customerID: customerID, batchID: batchID) {
            throw JobFailure("an earlier attempt finished batch \(batchID) for \(customerID), but its worker stopped "
                             + "before it stored the report; the directory holds every change (its audit log names the batch)",
                             kind: .final)
        }
        var options = spec.options(operatorName: lease.job.operatorName, now: now, clock: clock)
        configure(&options)
        let job = Job(directory: directory, options: options, random: random, lookups: lookups)
        let heartbeat = self.heartbeat
        job.progress = { heartbeat.progress($0) }
        let known = try directory.customers()
        let defaultCustomerID = spec.defaultCustomerID
        let rows: () throws -> any RequestSource = {
            CustomerRowsSource(try open(), customerID: customerID, defaultCustomerID: defaultCustomerID, known: known)
        }
        do {
            return try job.run(.requests(defaultCustomerID: spec.defaultCustomerID, input: lease.job.inputName,
                                         batchID: spec.batchID, open: rows),
                               outputs: RecordingOutputs(outputs, heartbeat: heartbeat))
        } catch let busy as LockBusy {
            throw JobFailure("\(busy)", kind: .handBack)
        }
    }
}

/// Outputs that tell the queue the batch id when the run starts, then hand over to `base`.
final class RecordingOutputs: JobOutputs {
    private let base: any JobOutputs
    private let heartbeat: Heartbeat

    init(_ base: any JobOutputs, heartbeat: Heartbeat) {
        self.base = base
        self.heartbeat = heartbeat
    }

    func check() throws { try base.check() }

    func open(_ start: JobStart) throws -> OpenedOutputs {
        try heartbeat.started(batchID: start.batchID)
        return try base.open(start)
    }
}
