import Foundation
import Provisioning

extension PostgresDirectory {
    /// Applies the batch in one transaction (READ COMMITTED), each set atomically.
    ///
    /// First the transaction locks, with `SELECT … FOR UPDATE` in one statement ordered by
    /// customer and part number, the subscription rows of every product a set of the batch
    /// may add a seat to (a create's licenses, an assign, a restore's kept licenses), then
    /// reads those products' assigned seats (`seat_tallies`): every other writer that could add
    /// a seat of them waits for this commit, and the read sees every commit before the locks
    /// were granted. The batch's net change of seats goes into the tallies before the commit.
    /// Then per set, as SQLiteDirectory does: a journal key already present gives
    /// `.alreadyApplied`; otherwise the steps run and a product that would pass the seats
    /// bought is `CountViolation`, a taken name `UniquenessViolation`, and the set leaves no trace.
    ///
    /// A deadlock, serialization failure or lost connection reruns the whole transaction
    /// (``RetryPolicy``); a set whose commit went through before the connection was lost is
    /// then `.alreadyApplied`, so a user's change is applied exactly once.
    /// - Returns: one result per set, in order.
    /// - Throws: ``PostgresError`` when the retries are used up or the server refuses the
    ///   batch; nothing of it is then written.
    public func apply(_ batch: ChangeBatch) throws -> [UserChangeResult] {
        guard !batch.sets.isEmpty else { return [] }
        let isolation: Isolation = seatIsolation == .rowLocks ? .readCommitted : .serializable
        var attempts = 0
        defer { retriedTransactions += max(0, attempts - 1) }
        return try connection.transaction(isolation, retry: retry) {
            attempts += 1
            let applier = ChangeApplier(store: self, batch: batch)
            try applier.lockSeats()
            var results: [UserChangeResult] = []
            results.reserveCapacity(batch.sets.count)
            var index = 0
            while index < batch.sets.count {
                let run = applier.bulkRun(from: index)
                if run.count >= bulkThreshold {
                    results += try applier.applyBulk(run)
                    index += run.count
                } else {
                    results.append(try applier.apply(batch.sets[index]))
                    index += 1
                }
            }
            try applier.bumpCounters()
            try applier.recordDeliveries()
            return results
        }
    }
}
