/// What a ``CSVReader`` found out about its input's format.
public struct CSVDialect: Sendable, Hashable {
    /// The line breaks seen so far outside quoted fields.
    public enum LineEnding: String, Sendable {
        /// Only CR LF.
        case crlf
        /// Only LF.
        case lf
        /// Only lone CR (old Mac).
        case cr
        /// More than one kind.
        case mixed
        /// None yet (a single line without a line break, or nothing read).
        case none
    }

    /// Where the delimiter came from.
    public enum DelimiterSource: String, Sendable {
        /// ``CSVReadOptions/delimiter``.
        case option
        /// Excel's `sep=X` first line.
        case sepLine
        /// Sniffed from the header line.
        case sniffed
        /// No candidate found: `,`.
        case defaulted
    }

    /// The encoding in use.
    public var encoding: CSVEncoding
    /// Whether the input started with a byte-order mark (which was skipped).
    public var hasBOM: Bool
    /// The field delimiter.
    public var delimiter: UInt8
    /// Where ``delimiter`` came from.
    public var delimiterSource: DelimiterSource
    /// Whether a `sep=` first line was present (and skipped).
    public var hadSepLine: Bool
    /// The line breaks seen so far; final once the input has been read to the end.
    public var lineEnding: LineEnding
}
