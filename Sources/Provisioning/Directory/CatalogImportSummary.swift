/// What ``DirectoryAdmin/importCatalog(_:)`` did.
public struct CatalogImportSummary: Sendable, Hashable {
    /// Products new to the store.
    public var inserted: Int
    /// Products already there, updated (GUID, display name, plans).
    public var updated: Int
    /// Service plans written.
    public var plans: Int
    /// Products not imported, each with the reason (a GUID the store has under another part number).
    public var skipped: [String]

    /// Creates a summary.
    public init(inserted: Int, updated: Int, plans: Int, skipped: [String]) {
        self.inserted = inserted
        self.updated = updated
        self.plans = plans
        self.skipped = skipped
    }
}
