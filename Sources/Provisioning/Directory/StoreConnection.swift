import Foundation

/// What the tool asks of an open store as a whole, not of its records: the schema version it is
/// at, and a second connection to the same store for a job's look-ups.
public protocol StoreConnection: AnyObject {
    /// The schema version of the store (after the migrations opening it applied).
    var schemaVersion: Int { get }
    /// A second, read-mostly connection to the same store (a sibling of this one), for the
    /// planner's look-ups while ``Job`` applies a group on another thread. It may be sized
    /// smaller (SQLite: a 1 MiB page cache), as it only reads the users a chunk of rows names;
    /// each of its reads sees the last commit.
    /// - Throws: ``StoreError`` when the store can no longer be opened.
    func openLookups() throws -> any Directory
}
