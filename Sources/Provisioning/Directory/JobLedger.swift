import Foundation

/// What a job keeps beside the directory so that it can be resumed and never runs twice at
/// once: the journal of applied change sets, finished batches, undelivered-credential marks
/// and the per-customer locks. A backend implements it with ``Directory`` (the journal is
/// written by ``Directory/apply(_:)`` in the same transaction as the changes), so a
/// ``Job`` takes a `Directory & JobLedger`.
public protocol JobLedger: AnyObject {
    /// Takes the customer's job lock, waiting up to `wait` seconds for another holder.
    /// - Throws: ``LockBusy`` naming the holder when it is not free in time.
    func lock(customerID: String, holder: String, wait: TimeInterval) throws -> DirectoryLock
    /// The journal keys already applied under `batchID` for the customer.
    func journaledKeys(customerID: String, batchID: String) throws -> Set<String>
    /// Records, in one transaction, that the run of `batchID` ended for these customers, so
    /// that a later run of the same input starts a new batch instead of resuming this one.
    func finishBatch(customerIDs: [String], batchID: String, now: Date) throws
    /// Whether ``finishBatch(customerIDs:batchID:now:)`` recorded the batch for the customer.
    func isBatchFinished(customerID: String, batchID: String) throws -> Bool

    /// The passwords `batchID` issued to the customer's users, committed by
    /// ``Directory/apply(_:)`` with ``ChangeBatch/deliversCredentials`` and not yet marked
    /// delivered: those of a run killed between a group's commit and its credentials sheet's
    /// write. Sorted by journal key.
    func undeliveredCredentials(customerID: String, batchID: String) throws -> [UndeliveredCredential]
    /// Records, in one transaction, that the passwords these change sets of `batchID` issued
    /// are in a credentials sheet (or that none can be issued again: the user is gone).
    /// Entries with no undelivered password are ignored.
    func markCredentialsDelivered(batchID: String, entries: [JournalEntry]) throws
}

/// A held job lock; released by ``release()`` or when the holding process dies.
public protocol DirectoryLock: AnyObject {
    /// Releases the lock (idempotent).
    func release()
}
