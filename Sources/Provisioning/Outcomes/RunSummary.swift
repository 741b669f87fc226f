import Foundation

/// Seats of one product for one customer before and after a run.
public struct ProductTotals: Codable, Hashable, Sendable {
    /// The customer.
    public var customerID: String
    /// The part number.
    public var partNumber: String
    /// The display name.
    public var displayName: String
    /// Seats purchased.
    public var purchased: Int
    /// Seats assigned before the run.
    public var assignedBefore: Int
    /// Seats assigned after the run (or after the plan, in a preview).
    public var assignedAfter: Int
    /// Seats that requests wanted but could not get: buy this many more.
    public var shortfall: Int

    /// Creates totals.
    public init(customerID: String, partNumber: String, displayName: String, purchased: Int,
                assignedBefore: Int, assignedAfter: Int, shortfall: Int) {
        self.customerID = customerID
        self.partNumber = partNumber
        self.displayName = displayName
        self.purchased = purchased
        self.assignedBefore = assignedBefore
        self.assignedAfter = assignedAfter
        self.shortfall = shortfall
    }

    /// Seats free after the run.
    public var availableAfter: Int { max(0, purchased - assignedAfter) }
}

/// What a report knows before its first outcome: the run's identity.
public struct RunHeader: Codable, Hashable, Sendable {
    /// The batch id (journal and audit log key).
    public var batchID: String
    /// The input's name (`-` for standard input), or the command.
    public var input: String
    /// The operator's role.
    public var role: OperatorRole
    /// Whether this is a preview (`plan`, `--dry-run`): nothing was written.
    public var preview: Bool
    /// When the run started (the injected clock).
    public var startedAt: Date

    /// Creates a header.
    public init(batchID: String, input: String, role: OperatorRole, preview: Bool, startedAt: Date) {
        self.batchID = batchID
        self.input = input
        self.role = role
        self.preview = preview
        self.startedAt = startedAt
    }
}

/// What a report knows after its last outcome: counts and seat totals.
public struct RunSummary: Codable, Hashable, Sendable {
    /// Users per status.
    public var counts: [OutcomeStatus: Int]
    /// Users created (succeeded or planned creates).
    public var created: Int
    /// Seat totals per customer and product, sorted by customer then part number.
    public var products: [ProductTotals]
    /// When the run finished.
    public var finishedAt: Date

    /// Creates a summary.
    public init(counts: [OutcomeStatus: Int], created: Int, products: [ProductTotals], finishedAt: Date) {
        self.counts = counts
        self.created = created
        self.products = products
        self.finishedAt = finishedAt
    }

    /// The count for one status (0 when none).
    public func count(_ status: OutcomeStatus) -> Int { counts[status] ?? 0 }
}

/// A new or reset user's credentials, for the credentials sheet only.
public struct IssuedCredential: Sendable, Hashable {
    /// The customer.
    public var customerID: String
    /// The sign-in name.
    public var userPrincipalName: String
    /// The display name.
    public var displayName: String
    /// The temporary password.
    public var password: TemporaryPassword
    /// Always true for issued passwords: change at next sign-in.
    public var mustChangePassword: Bool

    /// Creates a credential.
    public init(customerID: String, userPrincipalName: String, displayName: String,
                password: TemporaryPassword, mustChangePassword: Bool = true) {
        self.customerID = customerID
        self.userPrincipalName = userPrincipalName
        self.displayName = displayName
        self.password = password
        self.mustChangePassword = mustChangePassword
    }
}

/// A streaming consumer of a run's results: renderers implement it so that a million users
/// never sit in memory at once. Calls come in order: `begin`, `add` per user, `finish`.
public protocol OutcomeSink: AnyObject {
    /// The run starts.
    func begin(_ header: RunHeader) throws
    /// One user's outcome, in input order (grouped by customer when a file names several).
    func add(_ outcome: UserOutcome) throws
    /// The run ended; totals are known.
    func finish(_ summary: RunSummary) throws
}

/// A streaming consumer of issued credentials (the credentials sheet).
public protocol CredentialSink: AnyObject {
    /// One credential.
    func add(_ credential: IssuedCredential) throws
    /// Makes the credentials added so far durable where the sheet is kept. The executor calls
    /// it after each group the store committed, so that a job killed later loses none of them.
    func checkpoint() throws
    /// No more credentials.
    func finish() throws
}

extension CredentialSink {
    /// Does nothing: for sheets that can only be written whole (a mail message) and for tests.
    public func checkpoint() throws {}
}
