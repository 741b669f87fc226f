import Foundation

/// Writes RFC 4180 CSV into a byte buffer: quotes where needed, CR LF by default, an optional
/// UTF-8 byte-order mark and the ``FormulaGuard``.
///
/// A field is quoted when it holds the delimiter, a quote, CR or LF (with the guard: also `,`
/// `;` TAB `|`); quotes inside are doubled. So that ``CSVReader`` reads back exactly what was
/// written, a row that is one empty field is written `""` (an empty line would be skipped),
/// and the first field of the file is quoted when it starts with `sep=` or U+FEFF. A row of
/// no fields writes an empty line, which readers skip. Stream large outputs with
/// ``write(to:)`` every few rows.
public struct CSVWriter {
    /// The options in force.
    public let options: CSVWriteOptions
    /// Bytes written and not yet taken.
    public private(set) var bytes: [UInt8] = []
    /// Rows written so far.
    public private(set) var rowCount = 0
    private let lineBreak: [UInt8]

    /// Creates a writer; the byte-order mark, if asked for, is written at once.
    public init(options: CSVWriteOptions = CSVWriteOptions()) {
        self.options = options
        lineBreak = options.lineEnding.bytes
        if options.includeBOM { bytes = [0xEF, 0xBB, 0xBF] }
    }

    /// Appends one row.
    /// - Complexity: O(n) in the row's UTF-8 length.
    public mutating func writeRow(_ fields: [String]) {
        let delimiter = options.delimiter
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(delimiter) }
            let text = options.formulaGuard ? FormulaGuard.neutralised(field) : field
            let mustQuote = needsQuotes(text, alone: fields.count == 1, first: rowCount == 0 && index == 0)
            if mustQuote {
                bytes.append(0x22)
                for byte in text.utf8 {
                    if byte == 0x22 { bytes.append(0x22) }
                    bytes.append(byte)
                }
                bytes.append(0x22)
            } else {
                bytes.append(contentsOf: text.utf8)
            }
        }
        bytes.append(contentsOf: lineBreak)
        rowCount += 1
    }

    /// Whether `field` must be quoted.
    private func needsQuotes(_ field: String, alone: Bool, first: Bool) -> Bool {
        if field.isEmpty { return alone }
        let delimiter = options.delimiter
        let guarded = options.formulaGuard
        for byte in field.utf8 {
            switch byte {
            case delimiter, 0x22, 0x0D, 0x0A: return true
            case 0x2C, 0x3B, 0x09, 0x7C: if guarded { return true }
            default: continue
            }
        }
        if first {
            if field.utf8.prefix(4).map({ $0 | 0x20 }) == Array("sep=".utf8) { return true }
            if field.unicodeScalars.first == "\u{FEFF}" { return true }
        }
        return false
    }

    /// Returns the bytes written so far and empties the buffer.
    ///
    /// The bytes come back in an array of their own size, and the buffer keeps its capacity:
    /// returning the buffer itself made `removeAll(keepingCapacity:)` allocate a new one as
    /// large, so a row taken alone held the whole buffer's capacity (a credentials sheet's
    /// prepared rows were 2.4 KiB each instead of about 100 bytes).
    public mutating func takeBytes() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes.withUnsafeBufferPointer { Array($0) }
    }

    /// Writes the buffered bytes to `handle` and empties the buffer.
    /// - Throws: the handle's write error.
    public mutating func write(to handle: FileHandle) throws {
        guard !bytes.isEmpty else { return }
        try handle.write(contentsOf: takeBytes())
    }
}
