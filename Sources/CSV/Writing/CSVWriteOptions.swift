/// How a ``CSVWriter`` writes.
public struct CSVWriteOptions: Sendable, Hashable {
    /// The line break after each row.
    public enum LineEnding: Sendable, Hashable {
        /// CR LF, as RFC 4180 and Excel write it.
        case crlf
        /// LF alone.
        case lf

        /// The bytes of the line break.
        var bytes: [UInt8] { self == .crlf ? [0x0D, 0x0A] : [0x0A] }
    }

    /// The field delimiter: an ASCII byte other than `"`, CR and LF.
    public var delimiter: UInt8
    /// The line break after each row.
    public var lineEnding: LineEnding
    /// Whether to start with a UTF-8 byte-order mark, so that Excel reads the file as UTF-8.
    public var includeBOM: Bool
    /// Whether to neutralise cells that spreadsheets would run as formulas (see ``FormulaGuard``).
    public var formulaGuard: Bool

    /// Creates options. The guard is on by default: turn it off only for files that no
    /// spreadsheet will open, or whose cells must round-trip byte for byte.
    public init(delimiter: UInt8 = 0x2C, lineEnding: LineEnding = .crlf, includeBOM: Bool = false,
                formulaGuard: Bool = true) {
        self.delimiter = delimiter
        self.lineEnding = lineEnding
        self.includeBOM = includeBOM
        self.formulaGuard = formulaGuard
    }

    /// For files people open in Excel: byte-order mark, CR LF, formula guard.
    public static let excelSafe = CSVWriteOptions(includeBOM: true, formulaGuard: true)

    /// Exact RFC 4180 output, for files read back by programs: no byte-order mark, no guard.
    public static let exact = CSVWriteOptions(includeBOM: false, formulaGuard: false)
}
