import Foundation
import Testing
@testable import SQLiteDirectory

/// Text and blobs bound from a statement's arena (read in place by SQLite) or, when they do not
/// fit, copied by SQLite: either way the stored values are exactly the bound ones.
@Suite struct StatementBindingTests {
    @Test func valuesOfEverySizeRoundTripThroughOneStatementUsedManyTimes() throws {
        let directory = NSTemporaryDirectory() + "provision-binding-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let connection = try Connection(path: directory + "/t.sqlite", mode: .create)
        try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b BLOB, c TEXT)")

        // Sizes that start below the first arena, outgrow it, exceed its limit and shrink again,
        // so rows are bound from the arena, partly copied, and all copied.
        let sizes = [0, 1, 10, 200, 5, 300, 1_000, 3, 70_000, 2, 40_000, 0, 17, 100_000, 9]
        var expected: [(String?, [UInt8], String?)] = []
        let insert = try connection.cached("INSERT INTO t (id, a, b, c) VALUES (?1, ?2, ?3, ?4)")
        for (row, size) in sizes.enumerated() {
            let text = String((0..<size).map { Character(UnicodeScalar(UInt8(97 + ($0 + row) % 26))) })
            let blob = (0..<(size % 50)).map { UInt8(truncatingIfNeeded: $0 * 7 + row) }
            let other: String? = row % 3 == 0 ? nil : "第\(row)列 ✓ \(text.prefix(20))"
            insert.bind(row, at: 1)
            insert.bind(text, at: 2)
            insert.bind(blob: blob, at: 3)
            insert.bind(other, at: 4)
            try insert.run()
            expected.append((text, blob, other))
        }

        let select = try connection.prepare("SELECT a, b, c, typeof(a), typeof(c) FROM t ORDER BY id")
        var row = 0
        while try select.step() {
            #expect(select.text(0) == expected[row].0, "row \(row)")
            #expect(select.blob(1) == expected[row].1, "row \(row)")
            #expect(select.optionalText(2) == expected[row].2, "row \(row)")
            #expect(select.text(3) == "text", "an empty string is stored as text, not NULL (row \(row))")
            #expect(select.text(4) == (expected[row].2 == nil ? "null" : "text"), "row \(row)")
            row += 1
        }
        #expect(row == sizes.count)
    }

    @Test func aParameterBoundAgainBeforeAResetKeepsTheLastValue() throws {
        let directory = NSTemporaryDirectory() + "provision-binding-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let connection = try Connection(path: directory + "/t.sqlite", mode: .create)
        let select = try connection.prepare("SELECT ?1 || '|' || ?2")
        for round in 0..<3 {
            select.bind("first \(round)", at: 1)
            select.bind(String(repeating: "x", count: 500), at: 2)
            select.bind("second \(round)", at: 1)
            #expect(try select.step())
            #expect(select.text(0) == "second \(round)|" + String(repeating: "x", count: 500))
            select.reset()
        }
    }
}
