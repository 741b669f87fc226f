import Foundation
import SQLiteDirectory
import WorkQueue

/// The work queue of the store `--store` names (docs/queue.md): in a SQLite store's file, for
/// workers on its machine. Every queue command opens it here, and only here.
enum QueueLocator {
    /// Opens a handle on the queue (one per worker thread).
    /// - Throws: as ``StoreLocator/open(_:)`` when there is no store.
    static func open(_ context: CommandContext) throws -> any WorkQueue {
        let store = try StoreLocator.open(context)
        return try SQLiteWorkQueue(storePath: store.path)
    }
}
