/// A problem reading CSV, with where it happened.
///
/// Errors are data: ``kind`` says what went wrong, ``position`` and ``column`` where, and
/// ``description`` renders the one-line message (`people.csv:12:3: …`). Descriptions never
/// include field contents. Kinds whose ``isWarning`` is true are only collected in
/// ``CSVReader/problems``; the others are thrown. See `docs/csv.md` for which errors stop
/// the reader.
public struct CSVError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What went wrong. New cases may be added: switch with a `default`.
    public enum Kind: Sendable, Hashable {
        /// Bytes that are not UTF-8 and no encoding was given; `byte` is the first offending byte.
        case invalidUTF8(byte: UInt8)
        /// Bytes that are not valid in the given encoding.
        case invalidBytes(encoding: String)
        /// The input looks like UTF-16 (every other byte NUL) but has no byte-order mark.
        case missingByteOrderMark(likely: String)
        /// The input starts with a byte-order mark of another encoding than the one given.
        case encodingConflict(byteOrderMark: String, given: String)
        /// The input starts with the byte-order mark of an encoding the reader does not read
        /// (`UTF-32LE`, `UTF-32BE`).
        case unsupportedEncoding(byteOrderMark: String)
        /// The system's iconv does not know this encoding name.
        case unknownEncoding(String)
        /// The delimiter is not an ASCII byte other than `"`, CR and LF.
        case unsupportedDelimiter(UInt8)
        /// A quoted field is still open at the end of the input; it opened on `openedAtLine`.
        case unterminatedQuote(openedAtLine: Int)
        /// A field is larger than ``CSVReadOptions/maxFieldBytes``.
        case fieldTooLarge(limit: Int)
        /// A record is larger than ``CSVReadOptions/maxRecordBytes``.
        case recordTooLarge(limit: Int)
        /// A record has more fields than ``CSVReadOptions/maxFields``.
        case tooManyFields(limit: Int)
        /// A record has another number of fields than the header (beyond trailing empty fields).
        case fieldCountMismatch(expected: Int, found: Int)
        /// The input has no header record.
        case missingHeader
        /// A header name is empty (trailing empty names are dropped, not reported).
        case emptyHeaderName
        /// A header name appears twice; the column is the second one.
        case duplicateHeaderName(String, firstColumn: Int)
        /// The input could not be opened or read.
        case io(String)
        /// Warning: a `"` inside an unquoted field, kept as a literal character (as Excel does).
        case strayQuote
        /// Warning: characters after a closing quote, appended to the field (as Excel does).
        case textAfterClosingQuote
        /// Warning: the sniffed line has as many of several delimiters; `chosen` was used.
        case ambiguousDelimiter(chosen: UInt8, tied: [UInt8])
        /// Warning: a `sep=` line named another delimiter than the one given in the options.
        case sepLineOverridden(sepLine: UInt8, used: UInt8)
        /// Warning: a field holds a NUL character (U+0000), which no spreadsheet writes: a sign
        /// of a binary file or of UTF-16/UTF-32 read as something else. Reported by `inspect`.
        case nulCharacter
    }

    /// What went wrong.
    public var kind: Kind
    /// The input's name as given in ``CSVReadOptions/fileName``.
    public var fileName: String
    /// Where: the record's start for record-level errors, the offending byte for decoding errors.
    public var position: CSVPosition
    /// The field, from 1, when the error is about one field.
    public var column: Int?

    /// Creates an error.
    public init(kind: Kind, fileName: String, position: CSVPosition, column: Int? = nil) {
        self.kind = kind
        self.fileName = fileName
        self.position = position
        self.column = column
    }

    /// Whether this is only a warning: reading went on and the data was kept as described.
    public var isWarning: Bool {
        switch kind {
        case .strayQuote, .textAfterClosingQuote, .ambiguousDelimiter, .sepLineOverridden, .nulCharacter: return true
        default: return false
        }
    }

    /// Whether the reader can go on after this error (the next call reads the next record).
    ///
    /// Field-count mismatches and header problems are recoverable; decoding, quoting, limit and
    /// I/O errors stop the reader, which then throws the same error again.
    public var isRecoverable: Bool {
        switch kind {
        case .fieldCountMismatch, .emptyHeaderName, .duplicateHeaderName: return true
        default: return isWarning
        }
    }

    /// A stable camel-case name of the kind, e.g. `invalidUTF8`, for JSON output.
    public var code: String {
        switch kind {
        case .invalidUTF8: return "invalidUTF8"
        case .invalidBytes: return "invalidBytes"
        case .missingByteOrderMark: return "missingByteOrderMark"
        case .encodingConflict: return "encodingConflict"
        case .unsupportedEncoding: return "unsupportedEncoding"
        case .unknownEncoding: return "unknownEncoding"
        case .unsupportedDelimiter: return "unsupportedDelimiter"
        case .unterminatedQuote: return "unterminatedQuote"
        case .fieldTooLarge: return "fieldTooLarge"
        case .recordTooLarge: return "recordTooLarge"
        case .tooManyFields: return "tooManyFields"
        case .fieldCountMismatch: return "fieldCountMismatch"
        case .missingHeader: return "missingHeader"
        case .emptyHeaderName: return "emptyHeaderName"
        case .duplicateHeaderName: return "duplicateHeaderName"
        case .io: return "io"
        case .strayQuote: return "strayQuote"
        case .textAfterClosingQuote: return "textAfterClosingQuote"
        case .ambiguousDelimiter: return "ambiguousDelimiter"
        case .sepLineOverridden: return "sepLineOverridden"
        case .nulCharacter: return "nulCharacter"
        }
    }

    /// The message without the location prefix.
    public var message: String {
        switch kind {
        case .invalidUTF8(let byte):
            return "byte 0x\(hex(byte)) is not valid UTF-8; if the file was saved in another encoding, "
                + "pass --encoding (e.g. --encoding cp1252 for Western European Excel, cp950 for Traditional Chinese)"
        case .invalidBytes(let encoding):
            return "bytes that are not valid \(encoding); check --encoding"
        case .missingByteOrderMark(let likely):
            return "the input looks like \(likely) without a byte-order mark; pass --encoding \(likely.lowercased())"
        case .encodingConflict(let bom, let given):
            return "the input starts with a \(bom) byte-order mark but --encoding \(given) was given; drop --encoding"
        case .unsupportedEncoding(let bom):
            return "\(bom.hasPrefix("UTF-32") ? "UTF-32" : bom) is not supported: the input starts with a \(bom) "
                + "byte-order mark; save the file as UTF-8 (or UTF-16) and read it again"
        case .unknownEncoding(let name):
            return "unknown encoding '\(name)' (use utf-8, utf-16le, utf-16be or a name iconv knows, "
                + "such as cp1252, cp950, big5, shift_jis)"
        case .unsupportedDelimiter(let byte):
            return "delimiter 0x\(hex(byte)) is not supported (use one ASCII character other than a quote or line break)"
        case .unterminatedQuote(let line):
            return "quoted field opened on line \(line) is not closed before the end of the input"
        case .fieldTooLarge(let limit):
            return "field is larger than the limit of \(limit) bytes"
        case .recordTooLarge(let limit):
            return "record is larger than the limit of \(limit) bytes"
        case .tooManyFields(let limit):
            return "record has more than the limit of \(limit) fields"
        case .fieldCountMismatch(let expected, let found):
            return "record has \(found) field\(found == 1 ? "" : "s"), the header has \(expected)"
        case .missingHeader:
            return "no header line: the input is empty"
        case .emptyHeaderName:
            return "header name is empty"
        case .duplicateHeaderName(let name, let first):
            return "header name '\(name)' repeats column \(first)"
        case .io(let text):
            return text
        case .strayQuote:
            return "quote inside an unquoted field, kept as a literal character"
        case .textAfterClosingQuote:
            return "text after a closing quote, appended to the field"
        case .ambiguousDelimiter(let chosen, let tied):
            let names = tied.map(Self.delimiterName).joined(separator: ", ")
            return "delimiter is ambiguous (\(names) equally frequent); using \(Self.delimiterName(chosen)), "
                + "pass --delimiter to choose"
        case .sepLineOverridden(let sep, let used):
            return "the sep= line names \(Self.delimiterName(sep)) but \(Self.delimiterName(used)) was given; "
                + "using \(Self.delimiterName(used))"
        case .nulCharacter:
            return "field contains a NUL character (U+0000): is this a binary file, or UTF-16/UTF-32 read as another encoding?"
        }
    }

    /// `file.csv:12:3: message (byte offset 345, record 11)`; the column is left out when unknown.
    public var description: String {
        let name = fileName == "-" ? "<stdin>" : fileName
        switch kind {
        case .unknownEncoding, .unsupportedDelimiter:
            return message
        case .io:
            return name.isEmpty ? message : "\(name): \(message)"
        default:
            let place = name.isEmpty ? "<input>" : name
            let column = column.map { ":\($0)" } ?? ""
            return "\(place):\(position.line)\(column): \(message) "
                + "(byte offset \(position.byteOffset), record \(position.recordIndex))"
        }
    }

    /// A readable name for a delimiter byte: `','`, `tab`.
    public static func delimiterName(_ byte: UInt8) -> String {
        switch byte {
        case 0x09: return "tab"
        case 0x20...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        default: return "0x\(hex(byte))"
        }
    }
}

/// Two upper-case hex digits.
private func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
}
