import Foundation

/// The isolation level a transaction begins with.
enum Isolation: String {
    /// Each statement sees what was committed before it began (PostgreSQL's default).
    case readCommitted = "READ COMMITTED"
    /// As if the transactions ran one after another; may fail with `40001` and be retried.
    case serializable = "SERIALIZABLE"
}

extension Connection {
    /// Runs `body` in one transaction, commits when it returns, rolls back when it throws, and
    /// runs it again from the start after a transient failure (``PostgresError/isTransient``:
    /// a serialization failure, a deadlock, a lost connection, which is reopened first), with
    /// the sleeps of `retry` in between, at most `retry.attempts` times in all.
    ///
    /// `body` must be safe to run again: everything it wrote was rolled back, except when the
    /// connection was lost during `COMMIT` and the commit did happen. The directory's writes
    /// are safe so because each change set's journal row is written in the same transaction:
    /// run again, the set is `alreadyApplied`.
    ///
    /// Called inside an open transaction, it runs `body` in that transaction (no retry there:
    /// the outer call retries the whole).
    /// - Throws: the last error when the attempts are used up, or any other error at once.
    func transaction<T>(_ isolation: Isolation = .readCommitted, retry: RetryPolicy, _ body: () throws -> T) throws -> T {
        if isInTransaction { return try body() }
        var attempt = 1
        while true {
            do {
                if isBroken { try reconnect() }
                try execute("BEGIN ISOLATION LEVEL \(isolation.rawValue)")
                let result = try body()
                try execute("COMMIT")
                return result
            } catch let error as PostgresError where error.isTransient && attempt < retry.attempts {
                rollbackQuietly()
                retry.sleep(retry.delay(beforeRetry: attempt))
                attempt += 1
            } catch {
                rollbackQuietly()
                throw error
            }
        }
    }

    /// Runs `body` inside `SAVEPOINT change_set`: released into the enclosing transaction on
    /// return; on throw, everything since the savepoint is rolled back and the error rethrown
    /// (a unique violation then leaves the transaction usable).
    func savepoint<T>(_ body: () throws -> T) throws -> T {
        try execute("SAVEPOINT change_set")
        do {
            let result = try body()
            try execute("RELEASE SAVEPOINT change_set")
            return result
        } catch {
            if !isBroken {
                try execute("ROLLBACK TO SAVEPOINT change_set")
                try execute("RELEASE SAVEPOINT change_set")
            }
            throw error
        }
    }

    private func rollbackQuietly() {
        if !isBroken && isInTransaction { try? execute("ROLLBACK") }
    }
}
