import Foundation

/// How a job runs: planning options plus what apply needs.
public struct JobOptions: Sendable {
    /// The operator's role.
    public var role: OperatorRole
    /// The operator's name for the audit log.
    public var operatorName: String
    /// "Now" for the rules of the whole run (the 30-day window, audit times): `--now` when
    /// given, else the time the run started.
    public var now: Date
    /// The wall clock, for what a report says of the run itself (when it started and finished,
    /// how long it took), which `--now` does not fix.
    public var clock: @Sendable () -> Date
    /// The safety limits: a run that would go past one stops before writing anything.
    public var limits: SafetyLimits
    /// `--exact`: the Licenses column is the full set to hold.
    public var exact: Bool
    /// `--all-or-nothing`: if any user would fail, nothing is applied.
    public var allOrNothing: Bool
    /// `plan` or `--dry-run`: nothing is written.
    public var preview: Bool
    /// Whether requests come from an uploaded file (bulk-create permission).
    public var fromFile: Bool
    /// Seconds to wait for another job's lock (`--wait`); 0 fails fast.
    public var lockWait: TimeInterval
    /// Users per store transaction.
    public var batchSize: Int
    /// Users per store transaction unless told otherwise: 2,000. With a group applied while
    /// the next is planned, two groups are held at once; at 3,000 the million-user apply
    /// peaked at 64-66 MiB, at 2,000 at 58-60 MiB, as fast (docs/benchmarks.md).
    public static let defaultBatchSize = 2_000
    /// Requests per directory look-up.
    public var chunkSize: Int
    /// About how many rows the input holds (0 when unknown), to size the planner's table of
    /// names seen once rather than grow it (see ``PlanOptions/expectedRows``).
    public var expectedRows = 0
    /// What reading the input file found, for the reports' "Input" part (``RunHeader/inputSummary``).
    public var inputSummary: InputSummary?

    /// Creates options.
    /// - Parameter clock: the wall clock; by default a clock that always says `now`.
    public init(role: OperatorRole, operatorName: String, now: Date, exact: Bool = false, allOrNothing: Bool = false,
                preview: Bool = false, fromFile: Bool = true, lockWait: TimeInterval = 0, batchSize: Int = defaultBatchSize,
                chunkSize: Int = 1_000, limits: SafetyLimits = .unlimited, clock: (@Sendable () -> Date)? = nil) {
        self.role = role
        self.operatorName = operatorName
        self.now = now
        self.clock = clock ?? { now }
        self.limits = limits
        self.exact = exact
        self.allOrNothing = allOrNothing
        self.preview = preview
        self.fromFile = fromFile
        self.lockWait = lockWait
        self.batchSize = batchSize
        self.chunkSize = chunkSize
    }

    var planOptions: PlanOptions {
        var options = PlanOptions(role: role, now: now, exact: exact, fromFile: fromFile)
        options.expectedRows = expectedRows
        return options
    }
}

/// Why a job could not run at all (as opposed to users that failed).
public enum JobError: Error, CustomStringConvertible, Sendable, Equatable {
    /// `--customer` names no customer (not even in another case); the description suggests the
    /// closest known ids.
    case unknownCustomer(String, known: [String])
    /// Rows name no customer and no `--customer` was given.
    case noCustomer
    /// The saved plan was made before the directory last changed.
    case stalePlan(customerID: String, planned: Int64, current: Int64)
    /// The saved plan was made by a role that may do more than the one applying it.
    case weakerRole(planned: OperatorRole, applying: OperatorRole)
    /// The saved plan's batch already ran to its end.
    case planAlreadyApplied(batchID: String)
    /// A full-set run (`exact`) of an input with no column of the products to hold: it would
    /// remove every license.
    case exactWithoutLicensesColumn(input: String)

    public var description: String {
        switch self {
        case let .unknownCustomer(id, known):
            let closest = Customer.closestIDs(to: id, among: known)
            return "unknown customer '\(id)' (known: \(known.joined(separator: ", ")))"
                + (closest.isEmpty ? "" : "; did you mean \(closest.joined(separator: " or "))?")
        case .noCustomer:
            return "no customer: pass --customer ID, or give the file a Customer column"
        case let .stalePlan(id, planned, current):
            return "the plan is stale: the directory changed since it was made (customer \(id): change \(planned) when planned, \(current) now); make a new plan"
        case let .weakerRole(planned, applying):
            return "PermissionDenied: the plan was made as \(planned.rawValue) and cannot be applied as \(applying.rawValue), which may do less"
        case let .planAlreadyApplied(batchID):
            return "this plan was already applied (batch \(batchID)); nothing to do. To change the directory again, make a new plan"
        case let .exactWithoutLicensesColumn(input):
            return "\(input) has no Licenses column: as the full set of products to hold it would remove every license of "
                + "every user; add a Licenses column (an empty cell keeps a user's licenses, 'none' clears them)"
        }
    }
}
