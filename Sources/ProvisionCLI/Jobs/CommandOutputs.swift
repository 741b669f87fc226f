import Foundation
import Provisioning
import Reports

/// The command line's outputs of a job: the report on standard output and every `--report`
/// file, the credentials sheet, and `plan --out`. ``Job`` checks them before it takes a lock
/// and opens them only once the run is sure to start (see ``JobOutputs``).
final class CommandOutputs: JobOutputs {
    private let runner: JobRunner
    private let now: Date
    private let random: RandomSource
    private let sheet: JobRunner.CredentialFallback?
    private let progress: Progress?
    private let planHeader: ((JobStart) -> PlanHeader)?
    private let planPath: String?

    /// The credentials sheet, once checked (`nil` for a run that issues no password).
    private(set) var credentials: LazyCredentials?
    /// The `--report` files written, as given.
    private(set) var reports: [String] = []

    /// Outputs for a job command.
    /// - Parameters:
    ///   - credentials: where passwords go without `--credentials`; `nil` when the run
    ///     issues none (a preview).
    ///   - plan: `plan --out PATH` and the header the saved plan gets from the run's start.
    init(runner: JobRunner, now: Date, random: RandomSource, credentials: JobRunner.CredentialFallback?,
         progress: Progress? = nil, plan: (path: String, header: (JobStart) -> PlanHeader)? = nil) {
        self.runner = runner
        self.now = now
        self.random = random
        self.sheet = credentials
        self.progress = progress
        self.planPath = plan?.path
        self.planHeader = plan?.header
    }

    /// Checks the report formats (standard output's and each `--report`'s) and the sheet's
    /// options; creates nothing (the sheet's file is made with its first password).
    func check() throws {
        _ = try runner.standardOutputFormat()
        let arguments = runner.context.arguments
        for path in arguments.all("report") {
            _ = try ReportFormat(path: path, explicitName: arguments.value("report-format"))
            try checkFolder(of: path, option: "--report")
        }
        if let planPath { try checkFolder(of: planPath, option: "--out") }
        if let sheet {
            if let path = arguments.value("credentials") { try checkFolder(of: path, option: "--credentials") }
            credentials = try runner.credentialSink(now: now, random: random, fallback: sheet)
        }
    }

    /// Refuses an output whose folder is missing or not writable, now: found only when the
    /// file is opened, it would fail a run halfway (the sheet is made with its first password,
    /// after the first group's commit) or leave the outputs opened before it behind.
    private func checkFolder(of path: String, option: String) throws {
        let folder = (runner.context.resolve(path) as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError.usage("\(option) \(TerminalText.escaped(path)): the folder \(TerminalText.escaped(folder)) does not exist")
        }
        guard access(folder, W_OK) == 0 else {
            throw CLIError.usage("\(option) \(TerminalText.escaped(path)): the folder \(TerminalText.escaped(folder)) is not writable")
        }
    }

    /// Creates the saved plan's file and the reports' files.
    func open(_ start: JobStart) throws -> OpenedOutputs {
        var writer: PlanWriter?
        if let planPath, let planHeader {
            writer = try PlanWriter(path: runner.context.resolve(planPath), header: planHeader(start))
        }
        let (sink, paths) = try runner.outcomeSink(now: now, progress: progress)
        reports = paths
        return OpenedOutputs(outcomes: sink, credentials: credentials, plan: writer)
    }
}
