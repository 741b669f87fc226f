/// A stream of requests, pulled one at a time so that a file of any size plans in constant
/// memory. Intake's reader and in-memory arrays conform.
public protocol RequestSource {
    /// The next request, or `nil` at the end.
    /// - Throws: a fatal input error (bad encoding, unterminated quote…), positioned.
    mutating func next() throws -> UserRequest?
    /// Whether rows may name their own customer (a `Customer` column). When not, every row
    /// belongs to the run's customer and a job need not read the input to find customers.
    var mayNameCustomers: Bool { get }
    /// Where the input's fields are (header and column), so that problems found after intake
    /// (by the planner, the job) can name the header, line and column as intake's own do.
    var columns: [FieldColumn] { get }
    /// Whether any request may remove a license or delete a user (without a full-set run):
    /// when not, a run cannot meet its ``SafetyLimits`` and the job skips counting. `true`
    /// unless the source knows better.
    var mayRemove: Bool { get }
    /// Reads the rest of the requests for a bound on what they may take away (the safety
    /// limits' first, cheap look). By default from ``next()``.
    mutating func removalCensus() throws -> RemovalCensus
}

/// A bound on what a run's requests may take away, from the requests alone.
public struct RemovalCensus: Sendable, Equatable {
    /// Rows that delete their user.
    public var deletes = 0
    /// Products named to remove (`RemoveLicenses`).
    public var removals = 0
    /// Whether a row clears all of its user's licenses (`Licenses` = `none`): no bound.
    public var mayClearAll = false

    /// An empty census.
    public init() {}
}

extension RequestSource {
    /// By default a source may name customers.
    public var mayNameCustomers: Bool { true }
    /// By default a source has no columns (requests from the command line).
    public var columns: [FieldColumn] { [] }
    /// By default a source may remove.
    public var mayRemove: Bool { true }

    /// Counts from every request.
    public mutating func removalCensus() throws -> RemovalCensus {
        var census = RemovalCensus()
        while let request = try next() {
            if request.holdsNoLicenses { census.mayClearAll = true }
            if request.action == .delete { census.deletes += 1 }
            census.removals += request.removeLicenses.count
        }
        return census
    }
}

/// Requests held in memory (commands that name a few users, tests).
public struct ArrayRequestSource: RequestSource {
    private var requests: [UserRequest]
    private var index = 0

    /// Creates a source over `requests`.
    public init(_ requests: [UserRequest]) { self.requests = requests }

    /// Whether one of the requests deletes or removes a license.
    public var mayRemove: Bool {
        requests.contains { $0.action == .delete || !$0.removeLicenses.isEmpty || $0.holdsNoLicenses }
    }

    public mutating func next() throws -> UserRequest? {
        guard index < requests.count else { return nil }
        defer { index += 1 }
        return requests[index]
    }
}
