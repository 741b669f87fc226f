import Foundation
import PostgresDirectory
import Provisioning
import Reports
import SQLiteDirectory
import WorkQueue

/// The work queue of the store `--store` names (docs/queue.md): the tables of a PostgreSQL
/// store, for workers on many machines, or of a SQLite store's file, for workers on its
/// machine. Every queue command opens it here, and only here: beside ``StoreFactory``, the
/// one other place of the command line that names backends (the store seam has no queue:
/// WorkQueue sits above Provisioning).
enum QueueLocator {
    /// Opens a handle on the queue (one per worker thread).
    /// - Throws: as ``StoreLocator/open(_:)`` when there is no store; ``CLIError/input(_:)``
    ///   when a PostgreSQL store cannot be reached.
    static func open(_ context: CommandContext) throws -> any WorkQueue {
        if case .postgreSQL(let url) = StoreFactory.classify(StoreLocator.given(context)) {
            do {
                return try PostgresWorkQueue(url: url.text)
            } catch {
                throw CLIError.input("cannot open the queue of \(url): \(TerminalText.escaped(String(describing: error)))")
            }
        }
        let location = try StoreLocator.location(context)
        _ = try StoreLocator.open(context)
        guard let sqlite = location as? SQLiteStoreLocation else {
            throw CLIError.input("the store \(location.displayName) has no work queue")
        }
        return try SQLiteWorkQueue(storePath: sqlite.path)
    }
}
