import Foundation
import Provisioning

extension SQLiteDirectory {
    /// Applies the batch in one transaction, each set in its own savepoint.
    ///
    /// Per set: a journal key already present for the batch gives `.alreadyApplied` and
    /// changes nothing; otherwise the steps run, and the store re-checks what a concurrent job
    /// could have broken since planning: every product the set added seats to must still have
    /// assigned ≤ purchased (else `CountViolation` with the seats to buy), and user names must
    /// be free among active users (else `UniquenessViolation`). A refused set is rolled back to
    /// its savepoint and leaves no trace; an applied one leaves its journal row and one audit
    /// entry per step. Each customer with an applied set has its change counter bumped once.
    /// - Returns: one result per set, in order.
    /// - Throws: ``SQLiteError`` when the store fails (busy past the timeout, disk full); the
    ///   whole batch is then rolled back.
    /// - Complexity: O(sets + steps), with no per-user query beyond the object-id lookup of
    ///   existing users; seats are counted once per customer per batch at most.
    public func apply(_ batch: ChangeBatch) throws -> [UserChangeResult] {
        guard !batch.sets.isEmpty else { return [] }
        let applier = try ChangeApplier(store: self, batch: batch)
        let results = try connection.transaction { () -> [UserChangeResult] in
            var results: [UserChangeResult] = []
            results.reserveCapacity(batch.sets.count)
            for set in batch.sets { results.append(try applier.apply(set)) }
            try applier.bumpCounters()
            try applier.recordDeliveries()
            return results
        }
        for (customer, memo) in applier.memos { seatMemo[customer] = memo }
        for (customerID, delivery) in applier.deliveries where !delivery.keys.isEmpty {
            pendingDeliveries[DeliveryScope(customerID: customerID, batchID: batch.batchID), default: []].append(delivery)
        }
        return results
    }
}
