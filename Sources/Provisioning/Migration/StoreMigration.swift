import Foundation

/// Copies one store into another through ``StoreTransfer`` (docs/store.md, "Copying a store"):
/// every table the source keeps, in ``TransferTable`` order, in chunks, from one consistent
/// view of the source into one transaction of the target. The caller holds every customer's
/// lock on the source and gives an empty target (a store location's `create`, whose failure
/// leaves nothing), then compares ``StoreCounts`` of both.
public struct StoreMigration {
    /// Rows per chunk read and written: memory stays flat however large the store.
    public var chunkSize: Int

    /// A migration writing `chunkSize` rows at a time.
    public init(chunkSize: Int = 5_000) {
        self.chunkSize = max(1, chunkSize)
    }

    /// What a copy did: the source's counts, taken in the snapshot it was copied from, and the
    /// rows written per table.
    public struct Copied: Sendable {
        /// The source's ``StoreCounts``, read in the same view as the rows copied.
        public var source: StoreCounts
        /// Rows written per table (``TransferTable/rawValue``).
        public var rows: [String: Int]
    }

    /// Copies every row of `source` into `target`, in one snapshot of the source and one
    /// transaction of the target.
    /// - Parameter progress: called after each chunk with the table and the rows of it copied so far.
    /// - Throws: ``StoreError/invalid(_:)`` before writing anything when the source has rows in a
    ///   table the target's backend does not keep (operators into PostgreSQL), or what either
    ///   store throws; the target's transaction is then rolled back.
    @discardableResult
    public func copy(from source: any ProvisionStore & StoreTransfer, to target: any StoreTransfer,
                     progress: (TransferTable, Int) -> Void = { _, _ in }) throws -> Copied {
        var copied: [String: Int] = [:]
        var counts: StoreCounts?
        try source.readingSnapshot {
            let sourceCounts = try StoreCounts(of: source)
            counts = sourceCounts
            let unkept = TransferTable.allCases.filter { table in
                !target.transferTables.contains(table) && (sourceCounts.tables[table.rawValue] ?? 0) > 0
            }
            if let table = unkept.first {
                throw StoreError.invalid("the source has \(sourceCounts.tables[table.rawValue] ?? 0) \(table.label), "
                                         + "which the target's backend does not keep")
            }
            try target.importing {
                for table in TransferTable.allCases where source.transferTables.contains(table) {
                    var rows = 0
                    try source.exportRows(table, chunkSize: chunkSize) { chunk in
                        guard !chunk.isEmpty else { return }
                        try target.importRows(table, chunk)
                        rows += chunk.count
                        progress(table, rows)
                    }
                    copied[table.rawValue] = rows
                }
            }
        }
        guard let counts else { throw StoreError.invalid("the source was not read") }
        return Copied(source: counts, rows: copied)
    }
}
