/// How `apply` keeps the seats of concurrent writers right (docs/store.md, "Isolation").
enum SeatIsolation {
    /// READ COMMITTED, with the subscription rows the batch may add seats to locked
    /// `FOR UPDATE` in a fixed order before the seats are read: the default.
    case rowLocks
    /// SERIALIZABLE without those locks: a writer that lost is failed (`40001`) and retried.
    case serializable
}
