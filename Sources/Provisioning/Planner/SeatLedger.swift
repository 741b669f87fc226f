/// Seats per product for one customer while a file plans: taken in file order, released by
/// removals and deletes, with the shortfall of every request that found none.
///
/// - Complexity: O(1) per take or release; memory is one entry per product.
public struct SeatLedger: Sendable {
    struct Entry: Sendable {
        var purchased: Int
        var assignedBefore: Int
        var assigned: Int
        var shortfall = 0
    }
    private(set) var entries: [String: Entry] = [:]

    /// Starts from the directory's seat usage.
    public init(_ usage: [SeatUsage]) {
        for seat in usage {
            entries[seat.partNumber] = Entry(purchased: seat.purchased, assignedBefore: seat.assigned, assigned: seat.assigned)
        }
    }

    /// Seats free now for `partNumber`.
    public func available(_ partNumber: String) -> Int {
        guard let entry = entries[partNumber] else { return 0 }
        return max(0, entry.purchased - entry.assigned)
    }

    /// Takes a seat when one is free; otherwise counts one more seat short.
    /// - Returns: whether a seat was taken.
    public mutating func take(_ partNumber: String) -> Bool {
        var entry = entries[partNumber] ?? Entry(purchased: 0, assignedBefore: 0, assigned: 0)
        defer { entries[partNumber] = entry }
        if entry.assigned < entry.purchased {
            entry.assigned += 1
            return true
        }
        entry.shortfall += 1
        return false
    }

    /// Gives a seat back (a removal, a delete, or a refused user's taken seat).
    public mutating func release(_ partNumber: String) {
        guard var entry = entries[partNumber], entry.assigned > 0 else { return }
        entry.assigned -= 1
        entries[partNumber] = entry
    }

    /// Seats short so far for `partNumber`.
    public func shortfall(_ partNumber: String) -> Int { entries[partNumber]?.shortfall ?? 0 }

    /// Totals for the report, for every product subscribed or asked for.
    public func totals(customerID: String, catalog: ProductCatalog) -> [ProductTotals] {
        entries.keys.sorted().compactMap { partNumber in
            guard let entry = entries[partNumber] else { return nil }
            return ProductTotals(customerID: customerID, partNumber: partNumber,
                                 displayName: catalog.product(partNumber: partNumber)?.displayName ?? partNumber,
                                 purchased: entry.purchased, assignedBefore: entry.assignedBefore,
                                 assignedAfter: entry.assigned, shortfall: entry.shortfall)
        }
    }
}
