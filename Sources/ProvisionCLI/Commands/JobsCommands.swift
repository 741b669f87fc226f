import Foundation
import Provisioning
import Reports
import WorkQueue

/// `provision jobs list`: the queue's jobs.
enum JobsListCommand: Command {
    static let path = ["jobs", "list"]
    static let summary = "List queued, running, done and failed jobs with their progress"
    static let discussion = """
    One row per job, oldest first: id, customer, status (queued, running, done, failed),
    attempts, users handled (while running) or the users that succeeded and failed (done),
    the input, when it was submitted, and the worker holding or last holding it.
    """
    static let options: [OptionDeclaration] = [
        .value("status", "STATUS", help: "only jobs with this status: queued, running, done or failed",
               completion: .choices(QueuedJobStatus.allCases.map(\.rawValue)), check: { _ = try status($0) }),
        OutputFormat.option,
    ]

    /// `--status STATUS`.
    static func status(_ text: String) throws -> QueuedJobStatus {
        guard let status = QueuedJobStatus(rawValue: text.lowercased()) else {
            throw CLIError.usage("--status '\(text)': use queued, running, done or failed")
        }
        return status
    }

    static func run(_ context: CommandContext) throws -> ExitCode {
        let format = try OutputFormat.parse(context)
        let status = try context.arguments.value("status").map(status)
        let queue = try QueueLocator.open(context)
        var listing = Listing(columns: [
            .init(key: "id", title: "ID", numeric: true, csv: "Id"), .init(key: "customer", title: "CUSTOMER", csv: "Customer"),
            .init(key: "status", title: "STATUS", csv: "Status"), .init(key: "attempts", title: "ATTEMPTS", numeric: true, csv: "Attempts"),
            .init(key: "progress", title: "PROGRESS", csv: "Progress"), .init(key: "input", title: "INPUT", csv: "Input"),
            .init(key: "submittedAt", title: "SUBMITTED", csv: "SubmittedAt"), .init(key: "worker", title: "WORKER", csv: "Worker"),
        ])
        for job in try queue.jobs(status: status) {
            listing.rows.append([.int(Int(job.id)), .string(job.customerID), .string(job.status.rawValue), .int(job.attempts),
                                 .string(JobText.progress(job)), .string(job.inputName), .string(JobText.iso8601(job.submittedAt)),
                                 job.worker.map(JSONValue.string) ?? .null])
        }
        context.output.write(listing.rendered(format))
        return .success
    }
}

/// `provision jobs show ID`: one job in full.
enum JobsShowCommand: Command {
    static let path = ["jobs", "show"]
    static let summary = "Show a job: status, attempts, lease, progress, its summary or its last error"
    static let arguments = [ArgumentDeclaration("ID", help: "the job id (provision jobs list)")]
    static let options: [OptionDeclaration] = [TextOrJSON.option]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let json = try TextOrJSON.isJSON(context)
        let job = try JobText.find(context)
        let summary = JobSummaryText.fields(job.summary)
        func date(_ value: Date?) -> JSONValue { value.map { .string(JobText.iso8601($0)) } ?? .null }
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        let counts: [(String, JSONValue)] = (JobSummaryText.statuses.map(\.rawValue) + ["created", "passwords"]).compactMap { key in
            (summary[key] as? Int).map { (key, .int($0)) }
        }
        let fields: [(String, JSONValue)] = [
            ("id", .int(Int(job.id))), ("customer", .string(job.customerID)), ("status", .string(job.status.rawValue)),
            ("input", .string(job.inputName)), ("inputSha256", .string(job.inputDigest)), ("operator", .string(job.operatorName)),
            ("attempts", .int(job.attempts)), ("maxAttempts", .int(job.maxAttempts)), ("worker", text(job.worker)),
            ("leaseExpiresAt", date(job.leaseExpiresAt)), ("retryAt", date(job.notBefore)), ("progress", .int(job.progress)),
            ("batchId", text(job.batchID)), ("submittedAt", date(job.submittedAt)), ("startedAt", date(job.startedAt)),
            ("finishedAt", date(job.finishedAt)), ("lastError", text(job.lastError)),
            ("summary", job.summary == nil ? .null : .object(counts + [
                ("stoppedBySafetyLimit", .bool(summary["stoppedBySafetyLimit"] as? Bool ?? false)),
                ("credentialsSheet", text(summary["credentialsSheet"] as? String)),
            ])),
        ]
        if json {
            context.output.write(JSONValue.object(fields).document)
            return .success
        }
        var lines: [(String, String)] = [
            ("Job", "\(job.id)"), ("Customer", job.customerID), ("Status", job.status.rawValue), ("Input", job.inputName),
            ("Submitted", "\(JobText.iso8601(job.submittedAt)) by \(job.operatorName)"),
            ("Attempts", "\(job.attempts) of \(job.maxAttempts)"), ("Progress", JobText.progress(job)),
        ]
        if let worker = job.worker { lines.append(("Worker", worker)) }
        if job.status == .running, let lease = job.leaseExpiresAt { lines.append(("Lease until", JobText.iso8601(lease))) }
        if job.status == .queued, let retry = job.notBefore { lines.append(("Retry at", JobText.iso8601(retry))) }
        if let batch = job.batchID { lines.append(("Batch", batch)) }
        if let finished = job.finishedAt { lines.append(("Finished", JobText.iso8601(finished))) }
        if let sheet = summary["credentialsSheet"] as? String {
            lines.append(("Passwords", "\(summary["passwords"] as? Int ?? 0) in \(sheet) on \(job.worker ?? "the worker")"))
        }
        if summary["stoppedBySafetyLimit"] as? Bool == true { lines.append(("Stopped", "by a safety limit: nothing was written")) }
        if let error = job.lastError { lines.append(("Last error", error)) }
        for (key, value) in lines {
            context.output.write("\(key):\(String(repeating: " ", count: max(1, 13 - key.count)))\(TerminalText.escaped(value))\n")
        }
        if job.status == .done { context.output.write("Report: provision jobs report \(job.id)\n") }
        return .success
    }
}

/// `provision jobs report ID`: a done job's per-user report.
enum JobsReportCommand: Command {
    static let path = ["jobs", "report"]
    static let summary = "Print a done job's per-user report (text, json, csv or html), as apply writes it"
    static let discussion = """
    The report the worker wrote while it ran the job: the same document `provision apply FILE
    --customer ID --format FORMAT` writes for the job's rows. A job not done yet has none: exit 2,
    saying where it stands.
    """
    static let arguments = [ArgumentDeclaration("ID", help: "the job id (provision jobs list)")]
    static let options: [OptionDeclaration] = [
        .value("format", "FORMAT", help: "text (default), json, csv or html",
               completion: .choices(WorkerOutputs.formats.map(\.rawValue)), check: { _ = try JobRunner.reportFormat($0) }),
    ]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let format = try context.arguments.value("format").map(JobRunner.reportFormat) ?? .text
        let job = try JobText.find(context)
        let queue = try QueueLocator.open(context)
        guard job.status == .done, let report = try queue.report(jobID: job.id, format: format.rawValue) else {
            let reason = job.lastError.map { ": \(TerminalText.escaped($0))" } ?? ""
            throw CLIError.input("job \(job.id) is \(job.status.rawValue) (\(JobText.progress(job)))\(job.status == .failed ? reason : ""); "
                                 + "a report is stored when a job is done (provision jobs show \(job.id))")
        }
        context.output.write(bytes: report)
        return .success
    }
}

/// What the `jobs` commands share.
enum JobText {
    /// The job the command's `ID` names.
    /// - Throws: ``CLIError/usage(_:)`` for an id that is not a number, ``CLIError/input(_:)`` for an unknown one.
    static func find(_ context: CommandContext) throws -> QueuedJob {
        let text = context.arguments.positionals[0]
        guard let id = Int64(text), id > 0 else { throw CLIError.usage("ID: '\(TerminalText.escaped(text))' is not a job id (a number)") }
        guard let job = try QueueLocator.open(context).job(id: id) else {
            throw CLIError.input("no job \(id) in the queue (provision jobs list)")
        }
        return job
    }

    /// `2026-11-21T09:00:00Z`.
    static func iso8601(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// How far a job got: users handled while running, its users' outcomes once done.
    static func progress(_ job: QueuedJob) -> String {
        switch job.status {
        case .queued: return job.attempts == 0 ? "waiting" : "waiting to retry"
        case .running: return "\(job.progress) users handled"
        case .failed: return "failed"
        case .done:
            let summary = JobSummaryText.fields(job.summary)
            let parts = JobSummaryText.statuses.compactMap { status -> String? in
                guard let count = summary[status.rawValue] as? Int, count > 0 else { return nil }
                return "\(count) \(status.rawValue)"
            }
            return parts.isEmpty ? "no users" : parts.joined(separator: ", ")
        }
    }
}
