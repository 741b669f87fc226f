import Testing
@testable import CSV

/// `nextRecord()` takes repeated values from a table of recent Strings and reuses the last
/// record's array when the caller let go of it: neither may change what a record holds.
@Suite struct FieldStringCacheTests {
    /// Values at the table's length edges (15/16 bytes, 64/65), same lengths with different
    /// bytes, multibyte characters, and values that differ only in their last byte.
    static let values = ["", "a", "TW", "陳怡君", String(repeating: "x", count: 15), String(repeating: "x", count: 16),
                         String(repeating: "y", count: 16), String(repeating: "x", count: 15) + "y",
                         String(repeating: "z", count: 64), String(repeating: "z", count: 63) + "q",
                         String(repeating: "z", count: 65), "台北市信義區松仁路100號", "台北市信義區松仁路101號",
                         "Research & Development", "Research & Developmenu", "1234567", "12345678", "123456789"]

    @Test func repeatedAndUniqueValuesReadBackExactly() throws {
        var generator = SeededGenerator(seed: 31)
        var rows: [[String]] = []
        for row in 0..<3000 {
            // Column 0 is unique on every row (so its lookups get skipped for a while), column 1
            // switches from unique to repeated halfway, the rest pick from `values`.
            let unique = "user\(row)@contoso.com.tw-\(row * 7919)"
            let second = row < 1500 ? "unique value number \(row)" : "repeated value of some length"
            var fields = [unique, second]
            for _ in 0..<6 { fields.append(Self.values.randomElement(using: &generator) ?? "") }
            rows.append(fields)
        }
        var writer = CSVWriter(options: .exact)
        rows.forEach { writer.writeRow($0) }
        var reader = try CSVReader(bytes: writer.bytes, options: CSVReadOptions(delimiter: 0x2C, hasHeader: false))
        var read: [[String]] = []
        var kept: [CSVRecord] = []
        while let record = try reader.nextRecord() {
            read.append(record.fields)
            if record.position.recordIndex % 7 == 0 { kept.append(record) }
        }
        #expect(read == rows)
        // Records the caller kept are untouched by the reuse of the reader's array.
        for record in kept { #expect(record.fields == rows[record.position.recordIndex]) }
    }

    @Test func tableKeepsTheBytesItWasGiven() {
        let cache = FieldStringCache()
        var bytes = Array("台北市信義區松仁路100號".utf8) + [UInt8](repeating: 0, count: 16)
        let count = bytes.count - 16
        let first = bytes.withUnsafeBufferPointer { buffer in
            cache.string(buffer.baseAddress.unsafelyUnwrapped, count: count, readable: buffer.count, column: 0)
        }
        bytes[count - 4] = 0x39  // "109號": same length, one byte apart
        let second = bytes.withUnsafeBufferPointer { buffer in
            cache.string(buffer.baseAddress.unsafelyUnwrapped, count: count, readable: buffer.count, column: 0)
        }
        #expect(first == "台北市信義區松仁路100號")
        #expect(second == "台北市信義區松仁路109號")
        let short: [UInt8] = Array("TW".utf8)
        let tw = short.withUnsafeBufferPointer { buffer in
            cache.string(buffer.baseAddress.unsafelyUnwrapped, count: 2, readable: 2, column: 3)
        }
        #expect(tw == "TW")
    }
}
