/// What a surface (the command line, a queue worker, a web page) gives a ``Job`` for a run's
/// outputs: the reports, the credentials sheet and a saved plan.
///
/// The job asks in two steps, so that a refused run touches no file: ``check()`` before it
/// takes any lock (a bad format or recipient is refused there), ``open(_:)`` only once the
/// customers, the options, a saved plan and the locks have all been checked and taken.
public protocol JobOutputs: AnyObject {
    /// Refuses output options that cannot work, without creating or truncating any file.
    /// - Throws: the surface's own error for the option.
    func check() throws

    /// Creates the outputs of a run that is sure to start (the job holds its locks).
    /// - Parameter start: the batch and the change counters the run starts from (a saved
    ///   plan's header records them).
    func open(_ start: JobStart) throws -> OpenedOutputs
}

/// What a run starts from, for the outputs it opens.
public struct JobStart: Sendable {
    /// The batch id the run journals under (or would, for a preview).
    public var batchID: String
    /// The customers the run touches, with their change counters now.
    public var customers: [PlannedCustomer]
}

/// The outputs of a run, as a surface opened them.
public struct OpenedOutputs {
    /// Where outcomes go (every report).
    public var outcomes: any OutcomeSink
    /// Where new passwords go; `nil` when the run issues none (a preview).
    public var credentials: (any CredentialSink)?
    /// Where a preview saves its plan (`plan --out`), if anywhere.
    public var plan: PlanWriter?

    /// Creates the outputs.
    public init(outcomes: any OutcomeSink, credentials: (any CredentialSink)?, plan: PlanWriter? = nil) {
        self.outcomes = outcomes
        self.credentials = credentials
        self.plan = plan
    }
}

/// What a job runs.
public enum JobInput {
    /// Requests from a file or the command line.
    /// - defaultCustomerID: the run's customer; rows without a `Customer` value belong to it.
    /// - input: the input's name for reports (`-` for standard input, or the command).
    /// - batchID: the batch a first run of this input journals under; a later run of an
    ///   input whose batch finished uses the next generation (`ID-2`, …).
    /// - open: opens the input from the start; called once per pass (customers, checks,
    ///   each customer), so it must return the same requests each time.
    case requests(defaultCustomerID: String?, input: String, batchID: String, open: () throws -> any RequestSource)
    /// A saved plan (`plan --out`), opened from its start by `open` (once for the checks,
    /// once to apply).
    case plan(open: () throws -> PlanReader)
}

/// Outputs that exist already (sinks in memory, files the caller made itself): nothing to
/// check, and ``open(_:)`` hands them over, with a saved plan made from the run's start when
/// asked for.
public final class PreparedOutputs: JobOutputs {
    private let outcomes: any OutcomeSink
    private let credentials: (any CredentialSink)?
    private let plan: ((JobStart) throws -> PlanWriter)?

    /// Outputs over existing sinks.
    /// - Parameter plan: makes the saved plan's writer from the run's start (`plan --out`).
    public init(outcomes: any OutcomeSink, credentials: (any CredentialSink)?,
                plan: ((JobStart) throws -> PlanWriter)? = nil) {
        self.outcomes = outcomes
        self.credentials = credentials
        self.plan = plan
    }

    public func check() throws {}

    public func open(_ start: JobStart) throws -> OpenedOutputs {
        OpenedOutputs(outcomes: outcomes, credentials: credentials, plan: try plan?(start))
    }
}
