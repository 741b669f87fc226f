import Foundation
import CSV
import Provisioning
import Reports

/// What the job commands (`plan`, `apply`, `users create|…`, `licenses assign|revoke`) share:
/// the role, the report and credentials sinks, progress, the batch id, and the exit code.
struct JobRunner {
    /// Options every job command accepts (`plan` leaves out the credentials ones).
    static let options: [OptionDeclaration] = [
        .value("customer", "ID", help: "the customer"),
        .value("format", "FORMAT", help: "the report on standard output: text (default), json, csv or html",
               completion: .choices(["text", "json", "csv", "html"]), check: { _ = try reportFormat($0) }),
        .repeatable("report", "FILE", help: "also write the report to FILE (.txt, .csv, .json, .html)", completion: .file),
        .value("report-format", "FORMAT", help: "the format of the --report files, whatever their extension",
               completion: .choices(["text", "csv", "json", "html"])),
        .value("credentials", "FILE", help: "write new temporary passwords to FILE (.csv, .html, or .eml with --mail-to; mode 0600)",
               completion: .file),
        .value("mail-to", "ADDRESS", help: "the recipient of a .eml credentials sheet"),
        .value("wait", "SECONDS", help: "wait for another job's lock on the customer instead of failing with exit 3",
               check: { _ = try seconds($0) }),
        .value("batch-size", "N", help: "users per store transaction (default 2000)", check: { _ = try batchSize($0) }),
        .value("max-removals", "N|all", help: "stop before writing when the run would remove more licenses than N (default 100)",
               check: { _ = try limit($0, option: "max-removals") }),
        .value("max-deletes", "N|all", help: "stop before writing when the run would delete more users than N (default 50)",
               check: { _ = try limit($0, option: "max-deletes") }),
    ]

    /// `--all-or-nothing`, for the jobs that may apply part of their users.
    static let allOrNothing = OptionDeclaration.flag("all-or-nothing", help: "apply nothing if any user would fail")

    /// `--dry-run`, for the jobs that may stop after the plan.
    static let dryRun = OptionDeclaration.flag("dry-run", help: "plan only and show the report; nothing is written")

    let context: CommandContext

    /// The operator's role (`--as`, default admin agent).
    func role() throws -> OperatorRole {
        guard let name = context.arguments.value("as") else { return .adminAgent }
        return try GlobalOptions.role(name)
    }

    /// The operator's name for the audit log: `PROVISION_OPERATOR`, else the OS user.
    var operatorName: String {
        context.environment["PROVISION_OPERATOR"] ?? context.environment["USER"] ?? context.environment["LOGNAME"] ?? "unknown"
    }

    /// Job options from the command line.
    func options(preview: Bool, exact: Bool, fromFile: Bool) throws -> JobOptions {
        let wait = try context.arguments.value("wait").map(Self.seconds) ?? 0
        let batchSize = try context.arguments.value("batch-size").map(Self.batchSize) ?? JobOptions.defaultBatchSize
        let limits = SafetyLimits(maxRemovals: try limit("max-removals", default: SafetyLimits.defaults.maxRemovals),
                                  maxDeletes: try limit("max-deletes", default: SafetyLimits.defaults.maxDeletes))
        return JobOptions(role: try role(), operatorName: operatorName, now: try context.now(), exact: exact,
                          allOrNothing: context.arguments.flag("all-or-nothing"), preview: preview, fromFile: fromFile,
                          lockWait: wait, batchSize: batchSize, limits: limits, clock: context.clock)
    }

    /// `--max-removals N` / `--max-deletes N`: a count, or `all` for no limit.
    private func limit(_ option: String, default value: Int?) throws -> Int? {
        guard let text = context.arguments.value(option) else { return value }
        return try Self.limit(text, option: option)
    }

    /// A safety limit's value: a count, or `nil` for `all`.
    /// - Throws: ``CLIError/usage(_:)`` naming the option and the value.
    static func limit(_ text: String, option: String) throws -> Int? {
        if text.lowercased() == "all" { return nil }
        guard let count = Int(text), count >= 0 else {
            throw CLIError.usage("--\(option): '\(text)' is not a count (a whole number from 0, or 'all' for no limit)")
        }
        return count
    }

    /// `--wait SECONDS`: 0 or more.
    static func seconds(_ text: String) throws -> TimeInterval {
        guard let seconds = Double(text), seconds >= 0 else { throw CLIError.usage("--wait: '\(text)' is not a number of seconds") }
        return seconds
    }

    /// `--batch-size N`: 1 or more.
    static func batchSize(_ text: String) throws -> Int {
        guard let size = Int(text), size > 0 else { throw CLIError.usage("--batch-size: '\(text)' is not a positive number") }
        return size
    }

    /// The format of the report on standard output: `--format text|json|csv|html`, text by default.
    func standardOutputFormat() throws -> ReportFormat {
        guard let name = context.arguments.value("format") else { return .text }
        return try Self.reportFormat(name)
    }

    /// A report format by name (`--format`).
    /// - Throws: ``CLIError/usage(_:)`` listing the formats.
    static func reportFormat(_ name: String) throws -> ReportFormat {
        guard let format = ReportFormat(name: name) else {
            throw CLIError.usage("--format: '\(name)' is not one of \(ReportFormat.knownNames)")
        }
        return format
    }

    /// Where messages about the run go: standard output under a text report, standard error
    /// when standard output carries a JSON, CSV or HTML document.
    func messages() throws -> OutputSink {
        try standardOutputFormat() == .text ? context.output : context.errors
    }

    /// Refuses a `--report`, `--credentials` or `--out` file that is one of the files the run
    /// reads: the input (`--report users.csv` would empty it while it is read) or the store
    /// and its WAL and shared-memory files (a report written over the store destroys it).
    /// Compared by device and inode when the file exists, else by path.
    /// - Parameter inputs: the input file(s) of the run (a CSV, a saved plan), resolved.
    /// - Throws: ``CLIError/usage(_:)`` naming the option and the file.
    func refuseOutputsOverInputs(_ inputs: [String]) throws {
        var outputs: [(option: String, path: String)] = context.arguments.all("report").map { ("--report", $0) }
        if let sheet = context.arguments.value("credentials") { outputs.append(("--credentials", sheet)) }
        if let plan = context.arguments.value("out") { outputs.append(("--out", plan)) }
        let store = try StoreLocator.location(context)
        let protected = inputs.map { ($0, "the input file") }
            + store.localFiles.map { ($0, "the store (\(store.displayName))") }
        for output in outputs {
            let resolved = context.resolve(output.path)
            if let hit = protected.first(where: { Self.sameFile(resolved, $0.0) }) {
                throw CLIError.usage("\(output.option) \(output.path) is \(hit.1); writing it would destroy it, choose another file")
            }
        }
    }

    /// Whether two paths name the same file: the same device and inode when both exist,
    /// else the same standardized path.
    static func sameFile(_ first: String, _ second: String) -> Bool {
        var a = stat(), b = stat()
        if stat(first, &a) == 0, stat(second, &b) == 0 { return a.st_dev == b.st_dev && a.st_ino == b.st_ino }
        return (first as NSString).standardizingPath == (second as NSString).standardizingPath
    }

    /// The report on standard output (`--format`, text by default) plus every `--report FILE`.
    /// The progress line, if any, is cleared before report text reaches the terminal.
    func outcomeSink(now: Date, progress: Progress? = nil) throws -> (sink: any OutcomeSink, outputs: [String]) {
        let output = context.output
        let format = try standardOutputFormat()
        let color = format == .text && ColorChoice.colors(output, environment: context.environment)
        let terminal = ReportOutput.closure { bytes in
            progress?.clear()
            output.write(bytes: bytes)
        }
        var sinks: [any OutcomeSink] = [makeReportSink(format: format, output: terminal, color: color)]
        var paths: [String] = []
        for path in context.arguments.all("report") {
            let format = try ReportFormat(path: path, explicitName: context.arguments.value("report-format"))
            let resolved = context.resolve(path)
            sinks.append(makeReportSink(format: format, output: try ReportOutput.file(atPath: resolved)))
            paths.append(path)
        }
        return (FanOutSink(sinks), paths)
    }

    /// The credentials sheet: `--credentials FILE` (0600), else `fallback` (a default sheet in
    /// the store's private ``CredentialFolder`` for file jobs, or the terminal for single-user
    /// commands). A sheet file (and the folder) is created only when the first password is
    /// issued; an existing folder that is not private refuses the run now.
    func credentialSink(now: Date, random: RandomSource, fallback: CredentialFallback) throws -> LazyCredentials {
        let mailTo = try context.arguments.value("mail-to").map { try MailAddress($0) }
        let name: String
        var makeFolder: () throws -> Void = {}
        if let path = context.arguments.value("credentials") {
            name = path
            // Fail on a bad format or recipient now, before anything is applied.
            _ = try CredentialFormat(path: path)
            if (try CredentialFormat(path: path)) == .eml, mailTo == nil { throw ReportError.missingRecipient }
            if (try CredentialFormat(path: path)) != .eml, mailTo != nil { throw ReportError.recipientNeedsMessageFormat }
        } else {
            if mailTo != nil { throw CLIError.usage("--mail-to needs --credentials FILE.eml") }
            switch fallback {
            case .terminal:
                let output = context.output
                return LazyCredentials(name: nil) { CreatedSheet(sink: TerminalCredentials(output: output), name: nil) }
            case .file(let fallbackName):
                let folder = try CredentialFolder(for: StoreLocator.location(context))
                try folder.check()
                name = folder.sheet(fallbackName)
                makeFolder = folder.create
            }
        }
        let options = CredentialSheetOptions(issuedAt: now, mailTo: mailTo, random: random)
        let context = self.context
        return LazyCredentials(name: name) {
            try makeFolder()
            return try Self.createSheet(name: name, context: context, options: options)
        }
    }

    /// Creates the credentials sheet `name`, or, when a file is already there (an earlier
    /// run's sheet, whose passwords may not have been handed over yet, such as the sheet of a
    /// killed run of the same batch), the first free `stem-2.ext`, `stem-3.ext`, …, and says
    /// so on standard error: a credentials sheet is never overwritten.
    static func createSheet(name: String, context: CommandContext,
                            options: CredentialSheetOptions) throws -> CreatedSheet {
        let stem = (name as NSString).deletingPathExtension, ext = (name as NSString).pathExtension
        for attempt in 1...10_000 {
            let candidate = attempt == 1 ? name : "\(stem)-\(attempt)" + (ext.isEmpty ? "" : ".\(ext)")
            do {
                let sink = try makeCredentialSink(path: context.resolve(candidate), options: options, replacing: false)
                if attempt > 1 && !context.quiet {
                    context.errors.write("note: \(name) already exists and is never overwritten; this run's passwords go to \(candidate)\n")
                }
                return CreatedSheet(sink: sink, name: candidate)
            } catch ReportError.cannotOpen(_, let code) where code == EEXIST {
                continue
            }
        }
        throw ReportError.cannotOpen(path: context.resolve(name), errno: EEXIST)
    }

    /// Where new passwords go when `--credentials` is not given.
    enum CredentialFallback {
        /// Shown once on standard output (single-user commands).
        case terminal
        /// A 0600 sheet with this name in the store's private folder, `<store>.credentials/`
        /// (file jobs; see ``CredentialFolder``).
        case file(String)
    }

    /// The run's exit code: 4 when a safety limit stopped it (said on standard error, with how
    /// to lift the limit), else 1 when any user failed, else 0.
    func conclude(_ summary: RunSummary) -> ExitCode {
        guard let stop = summary.stopped else { return summary.count(.failed) > 0 ? .someFailed : .success }
        var raise: [String] = []
        if stop.removalsExceeded { raise.append("--max-removals \(stop.removals)") }
        if stop.deletesExceeded { raise.append("--max-deletes \(stop.deletes)") }
        context.errors.write("provision: \(stop). If that is intended, run it again with \(raise.joined(separator: " "))"
                             + " (or 'all'); exit 4\n")
        return .stoppedBySafetyLimit
    }

    /// A batch id that is the same for the same input, customer, role and flags, so that a
    /// killed job run again resumes under the same journal entries: FNV-1a over the bytes and
    /// the options, two 64-bit lanes.
    static func batchID(file: String?, parts: [String]) throws -> String {
        var lanes: (UInt64, UInt64) = (0xcbf2_9ce4_8422_2325, 0x6c62_272e_07bb_0142)
        func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
            for byte in bytes {
                lanes.0 = (lanes.0 ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                lanes.1 = (lanes.1 ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 &+ 0x9e37_79b9
            }
        }
        if let file {
            guard let handle = FileHandle(forReadingAtPath: file) else { throw CLIError.input("cannot read \(file)") }
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { chunk.withUnsafeBytes { mix($0) } }
        }
        for part in parts { mix(Array(part.utf8) + [0]) }
        return String(format: "%016llx%016llx", lanes.0, lanes.1)
    }
}

/// Shows new passwords once on standard output, for `users create` and `users reset-password`
/// without `--credentials`: the portal's "shown once" confirmation.
final class TerminalCredentials: CredentialSink {
    private let output: OutputSink

    init(output: OutputSink) { self.output = output }

    func add(_ credential: IssuedCredential) throws {
        output.write("Temporary password for \(TerminalText.escaped(credential.userPrincipalName)): \(credential.password.reveal())  (change at next sign-in; shown once)\n")
    }

    func finish() throws {}
}

/// A credentials sheet just created, with the name it got.
struct CreatedSheet {
    /// Where the credentials go.
    let sink: any CredentialSink
    /// The file's name, `nil` for the terminal.
    let name: String?
}

/// A credentials sink that creates its real sink (and so its file) only when the first
/// password arrives, so runs that issue none leave no empty sheet behind.
final class LazyCredentials: CredentialSink {
    /// The sheet's name: as given until the sheet is created, then the name it was created
    /// under (see ``JobRunner/createSheet(name:context:options:)``); `nil` for the terminal.
    private(set) var name: String?
    private let make: () throws -> CreatedSheet
    private var sink: (any CredentialSink)?
    /// How many credentials were written.
    private(set) var count = 0

    init(name: String?, make: @escaping () throws -> CreatedSheet) {
        self.name = name
        self.make = make
    }

    func add(_ credential: IssuedCredential) throws {
        try made().add(credential)
        count += 1
    }

    /// The real sink, created (and so its file) on first use.
    private func made() throws -> any CredentialSink {
        if let sink { return sink }
        let created = try make()
        sink = created.sink
        name = created.name
        return created.sink
    }

    func checkpoint() throws { try sink?.checkpoint() }

    func prepare(_ credentials: [IssuedCredential]) throws -> PreparedCredentials {
        try made().prepare(credentials)
    }

    func deliver(_ prepared: PreparedCredentials, keeping kept: [Int]) throws {
        try made().deliver(prepared, keeping: kept)
        count += kept.count
    }

    func finish() throws { try sink?.finish() }
}
