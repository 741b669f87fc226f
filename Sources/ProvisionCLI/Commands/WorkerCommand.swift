import Foundation
import Provisioning
import Reports
import WorkQueue

/// `provision worker`: runs queued jobs (docs/queue.md).
enum WorkerCommand: Command {
    static let path = ["worker"]
    static let summary = "Run queued jobs: claim one at a time per slot, under a lease renewed by heartbeats"
    static let discussion = """
    Each of --concurrency slots (default 1) claims the oldest ready job, runs it as apply would
    (one customer's rows of the submitted file, with the options it was submitted with), stores
    its report in the queue (provision jobs report ID) and writes its new passwords to a sheet
    job-ID-credentials.csv in the worker's credentials folder: --credentials-dir DIR (private,
    0700), by default the store's own private folder. A worker that dies stops renewing its
    lease; after --lease seconds (default 60) another worker takes the job over and resumes it
    from the journal. Idle, it looks for work again when another process changes the queue, and
    every --poll seconds (default 30). SIGTERM or SIGINT: no more claims; the jobs running are
    finished, then it exits 0. --once: exit as soon as no job is ready.
    """
    static let options: [OptionDeclaration] = [
        .value("concurrency", "N", help: "jobs run at once, each on its own connections (default 1)",
               check: { _ = try count($0, option: "concurrency", range: 1...64) }),
        .flag("once", help: "exit when no job is ready instead of waiting for more"),
        .value("credentials-dir", "DIR", help: "where the sheets of new passwords go (default: the store's private folder)",
               completion: .directory),
        .value("lease", "SECONDS", help: "how long a claim lasts unless renewed (default 60; renewed every quarter of it)",
               check: { _ = try count($0, option: "lease", range: 2...86_400) }),
        .value("poll", "SECONDS", help: "the longest idle wait before looking for work again (default 30)",
               check: { _ = try count($0, option: "poll", range: 1...3_600) }),
    ]

    /// A whole number of `option` within `range`.
    static func count(_ text: String, option: String, range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw CLIError.usage("--\(option): '\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    static func run(_ context: CommandContext) throws -> ExitCode {
        let arguments = context.arguments
        let concurrency = try arguments.value("concurrency").map { try count($0, option: "concurrency", range: 1...64) } ?? 1
        let lease = Double(try arguments.value("lease").map { try count($0, option: "lease", range: 2...86_400) } ?? 60)
        let poll = Double(try arguments.value("poll").map { try count($0, option: "poll", range: 1...3_600) } ?? 30)
        let once = arguments.flag("once")
        let folder = try arguments.value("credentials-dir").map { CredentialFolder(folder: context.resolve($0)) }
            ?? defaultFolder(context)
        try folder.check()
        // Every slot's handles are opened before any runs, so a store that cannot be opened fails the command now.
        let slots = try (0..<concurrency).map { slot -> Worker in
            let directory = try StoreLocator.open(context)
            let performer = QueuedJobPerformer(context: context, folder: folder, directory: directory,
                                               lookups: try directory.openLookups())
            let settings = WorkerSettings(name: "\(ProcessInfo.processInfo.hostName):\(getpid())/\(slot + 1)", lease: lease,
                                          heartbeat: lease / 4, idlePoll: poll)
            let worker = Worker(queue: try QueueLocator.open(context), settings: settings, stop: stop,
                                perform: performer.perform)
            worker.onStep = { step, lease in log(step, lease, context: context) }
            return worker
        }
        let signals = SignalWatch(stop)
        defer { signals.cancel() }
        if !context.quiet {
            context.errors.write("Worker \(ProcessInfo.processInfo.hostName):\(getpid()): \(concurrency) slot\(concurrency == 1 ? "" : "s"), "
                                 + "passwords to \(TerminalText.escaped(folder.path))\n")
        }
        let failures = SlotFailures()
        let group = DispatchGroup()
        for worker in slots {
            let thread = Thread {
                do { try worker.run(once: once) } catch {
                    failures.add(error)
                    stop.raise()
                }
                group.leave()
            }
            thread.stackSize = 8 << 20
            group.enter()
            thread.start()
        }
        group.wait()
        if let error = failures.first { throw error }
        return .success
    }

    /// The store's private folder, when it has one on this machine (a SQLite store).
    /// - Throws: ``CLIError/usage(_:)`` for a server database: the folder must be named.
    private static func defaultFolder(_ context: CommandContext) throws -> CredentialFolder {
        let location = try StoreLocator.location(context)
        guard location.credentialFolder != nil else {
            throw CLIError.usage("the store \(location.displayName) is a server database with no folder on this machine for "
                                 + "credentials sheets; name the worker's folder with --credentials-dir DIR")
        }
        return try CredentialFolder(for: location)
    }

    /// The stop request of this process's worker (SIGTERM and SIGINT raise it).
    private static let stop = StopSignal()

    /// One line per job on standard error.
    static func log(_ step: WorkerStep, _ lease: JobLease?, context: CommandContext) {
        guard let lease else { return }
        let job = "job \(lease.job.id) (\(TerminalText.escaped(lease.job.customerID)), attempt \(lease.attempt))"
        switch step {
        case .idle: return
        case .done: context.errors.write("\(job): done\n")
        case .retrying: context.errors.write("\(job): failed, to be retried (provision jobs show \(lease.job.id))\n")
        case .failed: context.errors.write("\(job): failed for good (provision jobs show \(lease.job.id))\n")
        case .handedBack: context.errors.write("\(job): handed back\n")
        case .lost: context.errors.write("\(job): its lease was lost to another worker\n")
        }
    }
}

/// The first error a worker slot ended with.
final class SlotFailures: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var first: (any Error)?

    func add(_ error: any Error) {
        lock.lock()
        if first == nil { first = error }
        lock.unlock()
    }
}

/// Turns SIGTERM and SIGINT into a stop request while a worker runs, and restores them after.
final class SignalWatch {
    private let sources: [DispatchSourceSignal]

    init(_ stop: StopSignal) {
        sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.raise() }
            source.resume()
            return source
        }
    }

    /// Stops watching; the signals' default actions are back.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGTERM, SIG_DFL)
        signal(SIGINT, SIG_DFL)
    }
}
