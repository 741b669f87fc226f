import Foundation

/// How a run plans: who runs it, when, and how the `Licenses` column is read.
public struct PlanOptions: Sendable {
    /// The operator's role; every change is checked against ``PermissionMatrix``.
    public var role: OperatorRole
    /// "Now", from the injected clock (`--now`).
    public var now: Date
    /// `--exact`: `Licenses` is the full set the user must end up holding.
    public var exact: Bool
    /// Whether the requests come from an uploaded file (creates then need the bulk permission).
    public var fromFile: Bool
    /// How long deleted users stay restorable.
    public var restoreWindow: TimeInterval
    /// About how many rows the input holds (0 when unknown). The table of user names seen
    /// starts at this size: growing it past a million names held the old and the new table at
    /// once, 36 MiB for a moment instead of 24.
    public var expectedRows = 0

    /// Creates options.
    public init(role: OperatorRole, now: Date, exact: Bool = false, fromFile: Bool = true,
                restoreWindow: TimeInterval = 30 * 24 * 3600) {
        self.role = role
        self.now = now
        self.exact = exact
        self.fromFile = fromFile
        self.restoreWindow = restoreWindow
    }
}
