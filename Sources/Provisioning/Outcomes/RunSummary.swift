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

    /// Seats assigned after the run beyond those purchased (0 when within): the customer is
    /// over-assigned, as a forced reduction of seats leaves it.
    public var overAssigned: Int { max(0, assignedAfter - purchased) }
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
    /// What reading the input file found; `nil` when the requests did not come from a file
    /// (the single-user commands, a saved plan).
    public var inputSummary: InputSummary?

    /// Creates a header.
    public init(batchID: String, input: String, role: OperatorRole, preview: Bool, startedAt: Date,
                inputSummary: InputSummary? = nil) {
        self.batchID = batchID
        self.input = input
        self.role = role
        self.preview = preview
        self.startedAt = startedAt
        self.inputSummary = inputSummary
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
    /// Set when the run stopped before writing anything because it would have gone past a
    /// safety limit; the outcomes are then the preview of what it would have done.
    public var stopped: SafetyStop?

    /// Creates a summary.
    public init(counts: [OutcomeStatus: Int], created: Int, products: [ProductTotals], finishedAt: Date,
                stopped: SafetyStop? = nil) {
        self.counts = counts
        self.created = created
        self.products = products
        self.finishedAt = finishedAt
        self.stopped = stopped
    }

    /// The count for one status (0 when none).
    public func count(_ status: OutcomeStatus) -> Int { counts[status] ?? 0 }
}

/// A new or reset user's credentials, for the credentials sheet (or the terminal's shown-once line) only.
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
///
/// The executor hands over each group's passwords in two steps around the store's commit:
/// ``prepare(_:)`` before it (the sheet formats them), ``deliver(_:keeping:)`` after it (one
/// write of those the store committed, made durable). A job killed between the commit and
/// that write loses the group's passwords, so the less work is left after the commit, the
/// narrower that window (see docs/planner.md).
public protocol CredentialSink: AnyObject {
    /// One credential.
    func add(_ credential: IssuedCredential) throws
    /// Makes the credentials added so far durable where the sheet is kept.
    func checkpoint() throws
    /// Formats the credentials of users about to be committed, without writing them.
    func prepare(_ credentials: [IssuedCredential]) throws -> PreparedCredentials
    /// Writes the prepared credentials at `kept` (those of users the store committed, in
    /// order) and makes them durable; the others are dropped.
    func deliver(_ prepared: PreparedCredentials, keeping kept: [Int]) throws
    /// No more credentials.
    func finish() throws
}

extension CredentialSink {
    /// Does nothing: for sheets that can only be written whole (a mail message) and for tests.
    public func checkpoint() throws {}

    /// Keeps the credentials as they are (nothing formatted ahead).
    public func prepare(_ credentials: [IssuedCredential]) throws -> PreparedCredentials {
        PreparedCredentials(credentials: credentials)
    }

    /// Adds each kept credential, then checkpoints.
    public func deliver(_ prepared: PreparedCredentials, keeping kept: [Int]) throws {
        for index in kept where prepared.credentials.indices.contains(index) { try add(prepared.credentials[index]) }
        try checkpoint()
    }
}

/// Credentials formatted for a sheet ahead of the store's commit (``CredentialSink/prepare(_:)``).
public struct PreparedCredentials: Sendable {
    /// The credentials, in order.
    public var credentials: [IssuedCredential]
    /// Each credential's bytes as the sheet will write them, when the sheet formats ahead.
    public var chunks: [[UInt8]]?

    /// Creates prepared credentials.
    public init(credentials: [IssuedCredential], chunks: [[UInt8]]? = nil) {
        self.credentials = credentials
        self.chunks = chunks
    }

    /// The chunks at `kept`, joined: what one write puts in the sheet.
    public func bytes(keeping kept: [Int]) -> [UInt8] {
        guard let chunks else { return [] }
        var bytes: [UInt8] = []
        for index in kept where chunks.indices.contains(index) { bytes += chunks[index] }
        return bytes
    }
}
