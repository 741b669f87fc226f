/// The blast-radius guard of unattended runs: how many licenses one run may revoke and how
/// many users it may delete before it stops, writing nothing, and reports what would have
/// gone. A nightly sync fed a truncated or wrong export would otherwise strip a customer.
public struct SafetyLimits: Sendable, Hashable {
    /// The most license removals a run may make (`nil`: no limit).
    public var maxRemovals: Int?
    /// The most users a run may delete (`nil`: no limit).
    public var maxDeletes: Int?

    /// Creates limits.
    public init(maxRemovals: Int?, maxDeletes: Int?) {
        self.maxRemovals = maxRemovals
        self.maxDeletes = maxDeletes
    }

    /// What a run gets unless told otherwise: 100 license removals, 50 deletions. A
    /// customer's ordinary week (a department moved from E3 to E5, a few dozen leavers) fits;
    /// an export cut in half, or an `exact` run against the wrong column, does not.
    public static let defaults = SafetyLimits(maxRemovals: 100, maxDeletes: 50)
    /// No limit.
    public static let unlimited = SafetyLimits(maxRemovals: nil, maxDeletes: nil)

    /// Whether a run could be stopped by these limits at all.
    public var isLimited: Bool { maxRemovals != nil || maxDeletes != nil }

    /// Whether requests with `census` could go past these limits: when not, the job skips the
    /// planning pass that counts exactly (every delete row deletes at most one user, every
    /// product named to remove is at most one removal; a `none` may remove any number).
    func mayBeExceeded(by census: RemovalCensus) -> Bool {
        if census.mayClearAll { return true }
        if let limit = maxDeletes, census.deletes > limit { return true }
        if let limit = maxRemovals, census.removals > limit { return true }
        return false
    }

    /// The stop a run with `tally` meets, or `nil` when it stays within the limits.
    func stop(for tally: RemovalTally) -> SafetyStop? {
        let overRemovals = maxRemovals.map { tally.removals > $0 } ?? false
        let overDeletes = maxDeletes.map { tally.deletes > $0 } ?? false
        guard overRemovals || overDeletes else { return nil }
        return SafetyStop(removals: tally.removals, maxRemovals: maxRemovals, deletes: tally.deletes, maxDeletes: maxDeletes)
    }
}

/// What a planned run would take away.
struct RemovalTally {
    /// Licenses removed from users who stay.
    var removals = 0
    /// Users deleted.
    var deletes = 0

    /// Counts one planned user.
    mutating func add(_ planned: PlannedUser) {
        guard planned.hasChanges else { return }
        if planned.outcome.action == .delete { deletes += 1 } else { removals += planned.outcome.removed.count }
    }
}

/// Why a run stopped before writing anything: it would have gone past a ``SafetyLimits``.
/// Its report is the preview of what it would have done.
public struct SafetyStop: Codable, Hashable, Sendable, CustomStringConvertible {
    /// License removals the run would have made.
    public var removals: Int
    /// The limit on removals, if any.
    public var maxRemovals: Int?
    /// Users the run would have deleted.
    public var deletes: Int
    /// The limit on deletions, if any.
    public var maxDeletes: Int?

    /// Creates a stop.
    public init(removals: Int, maxRemovals: Int?, deletes: Int, maxDeletes: Int?) {
        self.removals = removals
        self.maxRemovals = maxRemovals
        self.deletes = deletes
        self.maxDeletes = maxDeletes
    }

    /// Whether the removals went past their limit.
    public var removalsExceeded: Bool { maxRemovals.map { removals > $0 } ?? false }
    /// Whether the deletions went past their limit.
    public var deletesExceeded: Bool { maxDeletes.map { deletes > $0 } ?? false }

    /// "stopped before writing anything: it would remove 120 licenses (limit 100)".
    public var description: String {
        var parts: [String] = []
        if removalsExceeded, let limit = maxRemovals {
            parts.append("remove \(removals) license\(removals == 1 ? "" : "s") (limit \(limit))")
        }
        if deletesExceeded, let limit = maxDeletes {
            parts.append("delete \(deletes) user\(deletes == 1 ? "" : "s") (limit \(limit))")
        }
        return "stopped before writing anything: the run would " + parts.joined(separator: " and ")
            + "; nothing was changed. The report lists what would have gone"
    }
}
