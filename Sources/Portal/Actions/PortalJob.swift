import Foundation
import Provisioning
import Reports

/// Runs the requests a page made through ``Job/run(_:outputs:)``, with ``PreparedOutputs``,
/// exactly as the command line's `users create|…` and `licenses assign|revoke` do: the same
/// customer check, lock, planner (rules, seats, ``PermissionMatrix``), journal and audit. A
/// denied change is a per-user `PermissionDenied` error in the report, as everywhere.
///
/// The outcome is the embedded "Licenses updated" report (``HTMLReport`` with `embedded`),
/// and the new temporary passwords, held in memory for the one page that shows them.
public enum PortalJob {
    /// Who runs the job, and when.
    public struct Settings {
        /// The operator's role.
        public var role: OperatorRole
        /// The operator's name, for the audit log.
        public var operatorName: String
        /// "Now" for the rules (the 30-day window, audit times).
        public var now: Date
        /// The wall clock for the report's own times.
        public var clock: @Sendable () -> Date
        /// Passwords and object ids.
        public var random: RandomSource
        /// Seconds to wait for another job's lock on the customer.
        public var lockWait: TimeInterval
        /// Where the report spools its rows.
        public var temporaryDirectory: String

        /// Creates settings.
        public init(role: OperatorRole, operatorName: String, now: Date, random: RandomSource, lockWait: TimeInterval = 5,
                    temporaryDirectory: String = NSTemporaryDirectory(), clock: (@Sendable () -> Date)? = nil) {
            self.role = role
            self.operatorName = operatorName
            self.now = now
            self.clock = clock ?? { now }
            self.random = random
            self.lockWait = lockWait
            self.temporaryDirectory = temporaryDirectory
        }
    }

    /// What a run gave.
    public struct Result {
        /// The run's summary.
        public var summary: RunSummary
        /// The embedded "Licenses updated" report (trusted markup: every value in it is escaped).
        public var reportHTML: String
        /// The passwords issued (create, reset), for the page that shows them once.
        public var credentials: [IssuedCredential]
        /// The outcomes, in order.
        public var outcomes: [UserOutcome]
    }

    /// Plans and applies `requests` for the customer (or only plans them, for `preview`).
    /// - Parameter command: the run's input name in reports (`portal: manage licenses`).
    /// - Throws: ``JobError``, ``LockBusy`` and the store's errors: the run did not happen.
    public static func run(_ requests: [UserRequest], customerID: String, command: String,
                           directory: any Directory & JobLedger, settings: Settings, preview: Bool = false) throws -> Result {
        let batchID = "portal-" + settings.random.objectID(at: settings.now)
        return try run(.requests(defaultCustomerID: customerID, input: command, batchID: batchID,
                                 open: { ArrayRequestSource(requests) }),
                       command: command, directory: directory, settings: settings, preview: preview, fromFile: false)
    }

    /// Runs any job input (an uploaded file's requests, a saved plan) the way the command line
    /// runs it, collecting the page's outputs.
    /// - Parameters:
    ///   - fromFile: whether the requests come from an uploaded file (creating users from a
    ///     file asks for the bulk-create permission).
    ///   - inputSummary: what reading the file found, for the report's "Input" part.
    ///   - plan: makes the saved plan's writer from the run's start (a Preview).
    ///   - progress: called with the number of users handled so far (a background job's page).
    static func run(_ input: JobInput, command: String, directory: any Directory & JobLedger, settings: Settings,
                    preview: Bool, fromFile: Bool, inputSummary: InputSummary? = nil, expectedRows: Int = 0,
                    plan: ((JobStart) throws -> PlanWriter)? = nil, progress: ((Int) -> Void)? = nil) throws -> Result {
        var options = JobOptions(role: settings.role, operatorName: settings.operatorName, now: settings.now,
                                 preview: preview, fromFile: fromFile, lockWait: settings.lockWait, clock: settings.clock)
        options.inputSummary = inputSummary
        options.expectedRows = expectedRows
        let output = ReportOutput.memory(name: command)
        let report = HTMLReport(output: output, temporaryDirectory: settings.temporaryDirectory, embedded: true)
        let collected = CollectedOutcomes()
        let credentials = CollectedCredentials()
        let outputs = PreparedOutputs(outcomes: FanOutSink([report, collected]), credentials: preview ? nil : credentials,
                                      plan: plan)
        let job = Job(directory: directory, options: options, random: settings.random)
        if let progress { job.progress = progress }
        let summary = try job.run(input, outputs: outputs)
        return Result(summary: summary, reportHTML: output.text, credentials: credentials.credentials,
                      outcomes: collected.outcomes)
    }
}

/// The outcomes of a run, kept for the page.
final class CollectedOutcomes: OutcomeSink {
    private(set) var outcomes: [UserOutcome] = []
    func begin(_ header: RunHeader) throws {}
    func add(_ outcome: UserOutcome) throws { outcomes.append(outcome) }
    func finish(_ summary: RunSummary) throws {}
}

/// The passwords of a run, kept in memory for the one page that shows them (never logged,
/// never stored).
final class CollectedCredentials: CredentialSink {
    private(set) var credentials: [IssuedCredential] = []
    func add(_ credential: IssuedCredential) throws { credentials.append(credential) }
    func finish() throws {}
}
