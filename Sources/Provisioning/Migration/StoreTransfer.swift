import Foundation

/// What `provision migrate` needs of a backend beyond ``ProvisionStore``: every table read in
/// chunks from one consistent view, and written back as it was (ids, times, password hashes
/// as stored, never re-hashed), so a store moves between backends whole. See docs/store.md,
/// "Copying a store".
public protocol StoreTransfer: AnyObject {
    /// The tables this backend keeps (PostgreSQL has no operators yet).
    var transferTables: [TransferTable] { get }

    /// Runs `body` on one consistent, read-only view of the store: every ``exportRows(_:chunkSize:_:)``
    /// and ``rowCount(_:)`` inside it sees the same commit.
    func readingSnapshot(_ body: () throws -> Void) throws
    /// Every row of `table`, in a stable order (users and audit entries in the order they were
    /// written), handed to `body` `chunkSize` rows at a time, so memory stays flat.
    func exportRows(_ table: TransferTable, chunkSize: Int, _ body: ([TransferRow]) throws -> Void) throws
    /// Rows of `table` in the store.
    func rowCount(_ table: TransferTable) throws -> Int

    /// Runs `body` in one write transaction (inside the one a store location's `create` opened,
    /// when there is one), then derives what the backend derives from the rows (seat tallies).
    /// A throw rolls everything back.
    func importing(_ body: () throws -> Void) throws
    /// Writes rows of `table` as they were read, inside ``importing(_:)``.
    /// - Throws: ``StoreError/invalid(_:)`` for a row that does not fit (an assignment of a user
    ///   not copied).
    func importRows(_ table: TransferTable, _ rows: [TransferRow]) throws
}
