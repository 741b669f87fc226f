import Foundation

/// How a worker claims, beats and retries.
public struct WorkerSettings: Sendable {
    /// The worker's name in the queue (`host:pid/slot`).
    public var name: String
    /// Seconds a claim or renewal holds the job: a worker silent for that long is presumed dead.
    public var lease: TimeInterval
    /// Seconds between renewals (well under ``lease``).
    public var heartbeat: TimeInterval
    /// Longest wait for work while idle before looking again (the fallback poll).
    public var idlePoll: TimeInterval
    /// Back-off before a failed attempt is retried, times the attempt's number.
    public var retryAfter: TimeInterval
    /// Whether a timer thread renews the lease (besides the run's progress); off in tests,
    /// which move a ``ManualWorkerClock`` themselves.
    public var timer: Bool

    /// Settings; by default a 60 s lease renewed every 15 s, a 30 s idle poll.
    public init(name: String, lease: TimeInterval = 60, heartbeat: TimeInterval = 15, idlePoll: TimeInterval = 30,
                retryAfter: TimeInterval = 30, timer: Bool = true) {
        self.name = name
        self.lease = lease
        self.heartbeat = heartbeat
        self.idlePoll = idlePoll
        self.retryAfter = retryAfter
        self.timer = timer
    }
}

/// What a job's run throws to say how its failure should be recorded.
public struct JobFailure: Error, Sendable, Equatable {
    /// What to do with the job.
    public enum Kind: Sendable, Equatable {
        /// Queue it again later (a store that could not be reached, a transient error).
        case retry
        /// Fail it for good now: running it again would fail the same way.
        case final
        /// Give it back unfinished, attempt not counted (the customer's lock is held by a run
        /// outside the queue).
        case handBack
    }

    /// The error's text, as `jobs show` prints it (no password, no unescaped input).
    public var message: String
    /// What to do with the job.
    public var kind: Kind

    /// Creates a failure.
    public init(_ message: String, kind: Kind) {
        self.message = message
        self.kind = kind
    }
}

/// What one ``Worker/step()`` did.
public enum WorkerStep: Sendable, Equatable {
    /// No job was ready.
    case idle
    /// The job ran to its end; its report is stored.
    case done(Int64)
    /// The attempt failed; the job is queued for another.
    case retrying(Int64)
    /// The job failed for good.
    case failed(Int64)
    /// The job was given back unstarted or unfinished.
    case handedBack(Int64)
    /// The lease was lost while the job ran: another worker took it over.
    case lost(Int64)
}

/// The loop of a queue worker: claim one job (one customer's rows of one file), run it while
/// a heartbeat renews its lease, store its result, and go on; idle, wait for a notification or
/// the poll; on a stop request, claim nothing more.
///
/// The run itself (`Job.run` with outputs that keep the report for the queue and write the
/// credentials sheet to the worker's folder) is the caller's ``Perform``: the loop knows
/// leases, not reports. A worker runs on one thread (it may be handed to it).
public final class Worker: @unchecked Sendable {
    /// Runs a claimed job and returns what the queue keeps; throws ``JobFailure`` to say how
    /// a failure is recorded (any other error is retried).
    public typealias Perform = (JobLease, Heartbeat) throws -> JobResult

    private let queue: any WorkQueue
    private let settings: WorkerSettings
    private let clock: any WorkerClock
    private let stop: StopSignal
    private let perform: Perform
    /// Called with each step's result (logging).
    public var onStep: (WorkerStep, JobLease?) -> Void = { _, _ in }

    /// A worker over `queue` (a handle of its own).
    public init(queue: any WorkQueue, settings: WorkerSettings, clock: any WorkerClock = SystemWorkerClock(),
                stop: StopSignal = StopSignal(), perform: @escaping Perform) {
        self.queue = queue
        self.settings = settings
        self.clock = clock
        self.stop = stop
        self.perform = perform
    }

    /// Claims one ready job and runs it.
    /// - Throws: errors of the queue itself (claiming, storing a result).
    @discardableResult
    public func step() throws -> WorkerStep {
        guard !stop.isRaised, let lease = try queue.claim(worker: settings.name, lease: settings.lease, now: clock.now()) else {
            return report(.idle, nil)
        }
        let id = lease.job.id
        if stop.isRaised {
            try queue.handBack(lease, now: clock.now())
            return report(.handedBack(id), lease)
        }
        let heartbeat = Heartbeat(queue: queue, lease: lease, clock: clock, interval: settings.heartbeat,
                                  duration: settings.lease)
        let timer = settings.timer ? HeartbeatTimer(heartbeat, every: settings.heartbeat) : nil
        let outcome: Result<JobResult, any Error>
        do {
            outcome = .success(try perform(lease, heartbeat))
        } catch {
            outcome = .failure(error)
        }
        timer?.stop()
        do {
            return try heartbeat.withQueue { queue, current in
                switch outcome {
                case .success(let result):
                    try queue.complete(current, result: result, now: clock.now())
                    return report(.done(id), current)
                case .failure(let error):
                    let failure = error as? JobFailure ?? JobFailure(String(describing: error), kind: .retry)
                    switch failure.kind {
                    case .handBack:
                        try queue.handBack(current, now: clock.now())
                        return report(.handedBack(id), current)
                    case .retry, .final:
                        let status = try queue.fail(current, error: failure.message,
                                                    retryAfter: settings.retryAfter * Double(max(1, current.attempt)),
                                                    final: failure.kind == .final, now: clock.now())
                        return report(status == .failed ? .failed(id) : .retrying(id), current)
                    }
                }
            }
        } catch WorkQueueError.leaseLost {
            return report(.lost(id), lease)
        }
    }

    /// Runs jobs until stopped, or, with `once`, until no job is ready.
    /// - Throws: errors of the queue itself.
    public func run(once: Bool) throws {
        while !stop.isRaised {
            switch try step() {
            case .idle:
                if once { return }
                try idle()
            case .handedBack:
                // The customer is locked outside the queue: look again later, not at once.
                if once { return }
                stop.sleep(min(2, settings.idlePoll))
            case .done, .retrying, .failed, .lost:
                continue
            }
        }
    }

    /// Waits for a notification or the poll, waking every second to see a stop request.
    private func idle() throws {
        let start = Date()
        while !stop.isRaised, Date().timeIntervalSince(start) < settings.idlePoll {
            if try queue.waitForWork(timeout: min(1, settings.idlePoll)) { return }
        }
    }

    private func report(_ step: WorkerStep, _ lease: JobLease?) -> WorkerStep {
        onStep(step, lease)
        return step
    }
}

/// A thread that asks a heartbeat to beat every `interval` seconds of real time until stopped.
final class HeartbeatTimer: @unchecked Sendable {
    private let stopped = StopSignal()
    private let finished = NSCondition()
    private var running = true

    init(_ heartbeat: Heartbeat, every interval: TimeInterval) {
        let stopped = self.stopped
        let thread = Thread { [self] in
            while !stopped.isRaised {
                stopped.sleep(max(0.05, interval / 3))
                if !stopped.isRaised { heartbeat.beatIfDue() }
            }
            finished.lock()
            running = false
            finished.broadcast()
            finished.unlock()
        }
        thread.start()
    }

    /// Stops the thread and waits for it to end (no renewal runs after this returns).
    func stop() {
        stopped.raise()
        finished.lock()
        while running { finished.wait() }
        finished.unlock()
    }
}
