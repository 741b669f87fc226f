/// Where something is in a CSV input, as rust-csv's `Position` defines it.
///
/// - `byteOffset`: 0-based, in the bytes of the input as given (before any transcoding,
///   byte-order mark included).
/// - `line`: 1-based physical line; line breaks inside quoted fields count, and so do blank lines
///   and a `sep=` line.
/// - `recordIndex`: 0-based index of the record among all records read, the header included.
public struct CSVPosition: Sendable, Hashable {
    /// Offset of the first byte, from 0, in the undecoded input.
    public var byteOffset: Int64
    /// Physical line, from 1.
    public var line: Int
    /// Record index, from 0 (the header, when there is one, is record 0).
    public var recordIndex: Int

    /// Creates a position; the default is the start of the input.
    public init(byteOffset: Int64 = 0, line: Int = 1, recordIndex: Int = 0) {
        self.byteOffset = byteOffset
        self.line = line
        self.recordIndex = recordIndex
    }
}
