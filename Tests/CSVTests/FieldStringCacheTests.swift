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

/// Field Strings carry Swift's ASCII flag exactly when their bytes are ASCII, so that hashing
/// and comparing them later takes the byte path instead of checking normalization each time.
@Suite struct FieldStringFlagTests {
    /// Lengths around the inline limit (15/16), the table's key limit (64/65), longer, each in
    /// ASCII and with one non-ASCII character at the start, middle or end.
    static let values: [String] = {
        var values: [String] = []
        for length in [1, 7, 8, 15, 16, 17, 23, 24, 63, 64, 65, 100, 300] {
            let ascii = String((0..<length).map { Character(UnicodeScalar(UInt8(0x61 + $0 % 26))) })
            values.append(ascii)
            values.append("é" + ascii)
            values.append(String(ascii.prefix(length / 2)) + "陳" + String(ascii.dropFirst(length / 2)))
            values.append(ascii + "號")
        }
        return values
    }()

    static func expectFlagged(_ string: String, _ expected: String) {
        #expect(Array(string.utf8) == Array(expected.utf8))
        #expect(string.utf8Span.isKnownASCII == expected.utf8.allSatisfy { $0 < 0x80 }, "\(expected)")
    }

    @Test(arguments: Feed.allCases)
    func recordFieldsAreFlaggedASCIIExactlyWhenTheyAre(feed: Feed) throws {
        // Every value three times over, in changing columns, so that the table's hits are checked too.
        var rows: [[String]] = []
        for round in 0..<3 {
            for (index, value) in Self.values.enumerated() {
                rows.append([value, Self.values[(index + round * 5) % Self.values.count], "TW"])
            }
        }
        var writer = CSVWriter(options: .exact)
        rows.forEach { writer.writeRow($0) }
        var options = CSVReadOptions(delimiter: 0x2C, hasHeader: false)
        options.chunkSize = feed.chunkSize
        var reader = try CSVReader(bytes: writer.bytes, options: options)
        var index = 0
        while let record = try reader.nextRecord() {
            #expect(record.fields.count == 3)
            for (field, expected) in zip(record.fields, rows[index]) { Self.expectFlagged(field, expected) }
            index += 1
        }
        #expect(index == rows.count)
    }

    @Test func byteRecordStringsAndHeaderAreFlagged() throws {
        var writer = CSVWriter(options: .exact)
        writer.writeRow(Self.values)
        writer.writeRow(Self.values.reversed())
        var reader = try CSVReader(bytes: writer.bytes, options: CSVReadOptions(delimiter: 0x2C, hasHeader: true))
        let header = try reader.readHeader()
        for (name, expected) in zip(header, Self.values) { Self.expectFlagged(name, expected) }
        var record = CSVByteRecord(capacity: 16, fields: 4)
        #expect(try reader.nextByteRecord(into: &record))
        let reversed = Array(Self.values.reversed())
        for index in 0..<record.count { Self.expectFlagged(record.string(index), reversed[index]) }
        for (field, expected) in zip(record.strings, reversed) { Self.expectFlagged(field, expected) }
    }
}
