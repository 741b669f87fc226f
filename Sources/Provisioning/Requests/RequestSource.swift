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
}

extension RequestSource {
    /// By default a source may name customers.
    public var mayNameCustomers: Bool { true }
    /// By default a source has no columns (requests from the command line).
    public var columns: [FieldColumn] { [] }
    /// By default a source may remove.
    public var mayRemove: Bool { true }
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
