/// How a store connection is tuned.
public struct SQLiteDirectoryOptions: Sendable, Hashable {
    /// The page cache size in MiB (`PRAGMA cache_size`; SQLite's own default is 2 MiB).
    /// Measured on the million-user apply (`docs/store.md`): with random object ids 64 MiB is
    /// about a quarter faster than 16 MiB; with time-ordered ids 16 MiB is as fast, and 8 MiB
    /// as fast as 16, and 6 as fast as 8, which leaves room in a 64 MiB memory budget for a
    /// job that holds two groups at once. Object ids are time-ordered, so the default is 6 MiB.
    public var cacheMiB: Int
    /// How long a write waits for another process's transaction, in milliseconds
    /// (`PRAGMA busy_timeout`).
    public var busyTimeoutMilliseconds: Int

    /// Creates options.
    public init(cacheMiB: Int = 6, busyTimeoutMilliseconds: Int = 10_000) {
        self.cacheMiB = cacheMiB
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
    }
}
