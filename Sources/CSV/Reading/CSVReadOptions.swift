/// How a ``CSVReader`` reads its input. Every property has a default; see `docs/csv.md`.
public struct CSVReadOptions: Sendable {
    /// The input's encoding; `nil` detects a byte-order mark and otherwise requires UTF-8.
    public var encoding: CSVEncoding?
    /// The field delimiter; `nil` honours a `sep=X` first line, else sniffs `,` `;` tab `|`.
    ///
    /// Must be an ASCII byte other than `"`, CR and LF.
    public var delimiter: UInt8?
    /// The name shown in error messages; `-` is shown as `<stdin>`.
    public var fileName: String
    /// The largest field, in UTF-8 bytes after decoding, before ``CSVError/Kind/fieldTooLarge(limit:)``.
    public var maxFieldBytes: Int
    /// The most fields in one record before ``CSVError/Kind/tooManyFields(limit:)``.
    public var maxFields: Int
    /// The largest record, in UTF-8 bytes of field content, before ``CSVError/Kind/recordTooLarge(limit:)``.
    public var maxRecordBytes: Int
    /// Whether the first record is the header. `false`: every record is returned as read and
    /// field counts are not checked until ``CSVReader/useHeader(_:)`` is called.
    public var hasHeader: Bool
    /// How many non-fatal problems ``CSVReader/problems`` keeps; later ones are only counted.
    public var maxStoredProblems: Int
    /// Bytes read from the input per system call; tests set it to 1 to feed byte by byte.
    var chunkSize: Int = 1 << 18

    /// Creates options; every parameter has the default described on its property.
    public init(encoding: CSVEncoding? = nil, delimiter: UInt8? = nil, fileName: String = "",
                maxFieldBytes: Int = 1 << 20, maxFields: Int = 10_000, maxRecordBytes: Int = 1 << 24,
                hasHeader: Bool = true, maxStoredProblems: Int = 1_000) {
        self.encoding = encoding
        self.delimiter = delimiter
        self.fileName = fileName
        self.maxFieldBytes = maxFieldBytes
        self.maxFields = maxFields
        self.maxRecordBytes = maxRecordBytes
        self.hasHeader = hasHeader
        self.maxStoredProblems = maxStoredProblems
    }

    /// The file name as error messages show it: `<stdin>` for `-`, `<input>` when empty.
    var displayName: String {
        switch fileName {
        case "-": return "<stdin>"
        case "": return "<input>"
        default: return fileName
        }
    }
}
