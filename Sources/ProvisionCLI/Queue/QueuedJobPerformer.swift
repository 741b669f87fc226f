import Foundation
import Provisioning
import Reports
import WorkQueue

/// Runs one claimed job on a worker, as `provision apply FILE --customer ID` with the job's
/// options would: the stored input copied to a private scratch folder, read and checked as
/// apply reads it, the run's report kept for the queue, its passwords in the worker's sheet.
struct QueuedJobPerformer {
    let context: CommandContext
    let folder: CredentialFolder
    let directory: any ProvisionStore
    let lookups: any Directory

    /// Runs the job and returns what the queue keeps.
    /// - Throws: ``JobFailure``: final for an input or usage error (running it again fails the
    ///   same way), hand back for a customer locked outside the queue, retry otherwise.
    func perform(_ lease: JobLease, _ heartbeat: Heartbeat) throws -> JobResult {
        let scratch = NSTemporaryDirectory() + "provision-job-\(lease.job.id)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(scratch, 0o700) == 0 else {
            throw JobFailure("cannot create the scratch folder \(scratch): \(String(cString: strerror(errno)))", kind: .retry)
        }
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        do {
            let run = try QueuedRun(lease, heartbeat: heartbeat)
            let bytes = try heartbeat.withQueue { queue, _ in try queue.input(digest: lease.job.inputDigest) }
            let copy = scratch + "/input"
            guard FileManager.default.createFile(atPath: copy, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
                throw JobFailure("cannot copy the job's input to \(copy)", kind: .retry)
            }
            guard InputDigest.sha256Hex(bytes) == lease.job.inputDigest else {
                throw JobFailure("the stored input does not match its digest \(lease.job.inputDigest)", kind: .final)
            }
            let input = try RequestInput(storedAt: copy, name: lease.job.inputName, spec: run.spec)
            let validated = try input.validate(try input.open())
            let now = try context.now()
            let random = RandomSource.system()
            let outputs = WorkerOutputs(scratch: scratch, folder: folder, sheetName: "job-\(lease.job.id)-credentials.csv",
                                        context: context, options: CredentialSheetOptions(issuedAt: now, random: random))
            let summary = try run.run(directory: directory, lookups: lookups, open: { try input.open() }, outputs: outputs,
                                      random: random, now: now, clock: context.clock) { options in
                (options.expectedRows, options.inputSummary) = validated
            }
            return JobResult(reports: try outputs.reports(),
                             summary: JobSummaryText.json(summary, sheet: outputs.credentials, worker: lease.worker))
        } catch let failure as JobFailure {
            throw failure
        } catch {
            let code = (error as? ExitCodeCarrying)?.exitCode
            throw JobFailure(ProvisionTool.describe(error), kind: code == .usageOrInput ? .final : .retry)
        }
    }
}

/// A done job's summary as the queue stores it: users per status, created, the safety stop,
/// where its credentials went; `jobs show` and `jobs list` read it back.
enum JobSummaryText {
    /// The statuses counted.
    static let statuses: [OutcomeStatus] = [.succeeded, .failed, .unchanged, .skipped, .planned]

    /// The summary of `summary`, with the sheet that holds its passwords.
    static func json(_ summary: RunSummary, sheet: LazyCredentials?, worker: String) -> String {
        var fields: [(String, JSONValue)] = statuses.map { ($0.rawValue, .int(summary.count($0))) }
        fields.append(("created", .int(summary.created)))
        fields.append(("stoppedBySafetyLimit", .bool(summary.stopped != nil)))
        fields.append(("passwords", .int(sheet?.count ?? 0)))
        fields.append(("credentialsSheet", sheet.flatMap { $0.count > 0 ? $0.name : nil }.map(JSONValue.string) ?? .null))
        fields.append(("worker", .string(worker)))
        return JSONValue.object(fields).rendered()
    }

    /// The stored summary's fields, or an empty dictionary.
    static func fields(_ text: String?) -> [String: Any] {
        guard let text, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [:] }
        return object
    }
}
