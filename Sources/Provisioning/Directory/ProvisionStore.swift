/// Everything a surface (the command line, a worker, the portal) uses of a store, whatever the
/// backend: built by a ``StoreLocation``, so that no command knows which backend it talks to.
/// Policy (who may do what) is not in it: it is checked above it (``AdminPolicy``,
/// ``PurgePolicy``, the planner).
public typealias ProvisionStore = Directory & JobLedger & DirectoryAdmin & DirectoryInspection & DirectoryImport
    & StoreConnection
