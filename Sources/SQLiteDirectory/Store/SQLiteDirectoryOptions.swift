/// How a store connection is tuned.
public struct SQLiteDirectoryOptions: Sendable, Hashable {
    /// The page cache size in MiB (`PRAGMA cache_size`). Random inserts into the name and
    /// object-id indexes stay in memory up to this size; beyond it, pages spill to the WAL.
    /// DESIGN.md measured 96k rows/s with the default 2 MiB and 150k rows/s with 256 MiB.
    public var cacheMiB: Int
    /// How long a write waits for another process's transaction, in milliseconds
    /// (`PRAGMA busy_timeout`).
    public var busyTimeoutMilliseconds: Int

    /// Creates options.
    public init(cacheMiB: Int = 64, busyTimeoutMilliseconds: Int = 10_000) {
        self.cacheMiB = cacheMiB
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
    }
}
