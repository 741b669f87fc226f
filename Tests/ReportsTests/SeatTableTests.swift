import Foundation
import Provisioning
import Testing
@testable import Reports

/// The text report's seat table keeps its columns apart however large the figures grow.
@Suite struct SeatTableTests {
    @Test func figuresOfMillionsStaySeparateAndAligned() throws {
        let products = [
            ProductTotals(customerID: "bench", partNumber: "POWER_BI_PRO", displayName: "Power BI Pro",
                          purchased: 3_000_000, assignedBefore: 600_517, assignedAfter: 600_517, shortfall: 0),
            ProductTotals(customerID: "bench", partNumber: "SPE_E3", displayName: "Microsoft 365 E3",
                          purchased: 3_000_000, assignedBefore: 1_199_776, assignedAfter: 1_199_777, shortfall: 0),
            ProductTotals(customerID: "bench", partNumber: "SPE_E5", displayName: "Microsoft 365 E5",
                          purchased: 10, assignedBefore: 9, assignedAfter: 12_345_678, shortfall: 12_345_668),
            ProductTotals(customerID: "small", partNumber: "SPE_E3", displayName: "Microsoft 365 E3",
                          purchased: 25, assignedBefore: 20, assignedAfter: 25, shortfall: 0),
        ]
        let run = SampleRun(header: SampleRun.applied.header, outcomes: [],
                            summary: RunSummary(counts: [:], created: 0, products: products, finishedAt: SampleRun.started),
                            credentials: [])
        let lines = String(decoding: try run.render(.text), as: UTF8.self).split(separator: "\n").map(String.init)
        let bench = try #require(lines.firstIndex(of: "Seats of bench"))
        let table = Array(lines[(bench + 1)...(bench + 4)])
        #expect(table[0].split(separator: " ") == ["Product", "Bought", "Before", "→", "After", "Free"])
        #expect(table[1].split(separator: " ").suffix(5) == ["3,000,000", "600,517", "→", "600,517", "2,399,483"])
        #expect(table[2].split(separator: " ").suffix(5) == ["3,000,000", "1,199,776", "→", "1,199,777", "1,800,223"])
        #expect(table[3].split(separator: " ").prefix(9).suffix(5) == ["10", "9", "→", "12,345,678", "0"])
        let columns = Set(table.map { line in line.distance(from: line.startIndex, to: line.range(of: "→")!.lowerBound) })
        #expect(columns.count == 1, "the arrow column lines up: \(table)")
        let ends = Set(table.map(\.count).prefix(3))
        #expect(ends.count == 1, "rows without a purchase note end together: \(table)")

        // A customer with small figures keeps the usual widths.
        let small = try #require(lines.firstIndex(of: "Seats of small"))
        #expect(lines[small + 1].hasSuffix("Bought  Before →  After   Free"))
        #expect(lines[small + 2].hasSuffix("    25      20 →     25      0"))
    }
}
