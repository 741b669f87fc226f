/// What ``DirectoryImport/importUsers(_:customerID:operatorName:role:batchID:now:)`` did.
public struct UserImportSummary: Sendable, Hashable {
    /// Users new to the store.
    public var created = 0
    /// Users whose attributes or licenses changed (restored ones included).
    public var updated = 0
    /// Deleted users that Graph lists as active, made active again.
    public var restored = 0
    /// Users already as Graph says.
    public var unchanged = 0
    /// Assignments added and removed.
    public var licensesAdded = 0
    /// Assignments removed.
    public var licensesRemoved = 0

    /// Creates an empty summary.
    public init() {}
}
