/// Why intake cannot read a file at all (as opposed to a row problem, which travels with its
/// request as an `InvalidInput` ``Violation``). Errors are data; ``description`` renders them
/// as `file:line: message`.
///
/// Fatal CSV problems (bad encoding, unterminated quote) are not wrapped: they propagate as
/// the CSV module's positioned `CSVError`.
public enum IntakeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The input has no header (it is empty, or has only Entra's `version:v1.0` line).
    case emptyInput(fileName: String)
    /// The header matches no known format and no `--map` was given. `columns` are the columns
    /// no format knows, each with the closest known column names.
    case unrecognizedHeader(fileName: String, line: Int, columns: [UnusedColumn])
    /// The header was recognised (or mapped) but lacks a column the format needs.
    case missingColumn(fileName: String, line: Int, format: InputFormat, needed: [String])
    /// Two columns carry the same field (e.g. `Email` and `UserPrincipalName`).
    case duplicateColumn(fileName: String, line: Int, field: IntakeField, columns: [UnusedColumn])
    /// The file names no customer (no `Customer` column) and no default customer was given.
    case customerRequired(fileName: String)
    /// The `--location` value is neither an ISO 3166-1 alpha-2 code nor a country name.
    case invalidLocation(String, suggestions: [String])
    /// A `--map` file line could not be read.
    case invalidColumnMap(fileName: String, line: Int, message: String)
    /// A header name holds a control character (U+0000–U+001F, U+007F–U+009F): the bytes are
    /// not text in the encoding they were read in (UTF-16 or UTF-32 without a matching
    /// byte-order mark, a binary file), which header matching would otherwise read past.
    case controlCharacterInHeader(fileName: String, line: Int, column: Int, scalar: UInt32)

    /// The message without the location prefix.
    public var message: String {
        switch self {
        case .emptyInput:
            return "the input has no header line"
        case .unrecognizedHeader(_, _, let columns):
            var text = "the header matches no known format: no column gives the user name "
                + "(UserPrincipalName, User Name, Email, or Entra's User name [userPrincipalName]). Known formats: "
                + TemplateCatalog.formatSummaries.joined(separator: "; ")
                + ". Or describe the columns with --map FILE (see docs/csv-format.md)."
            for column in columns {
                text += "\n  \(column)"
            }
            return text
        case .missingColumn(_, _, let format, let needed):
            return "the \(format.title) header has no \(needed.joined(separator: " or ")) column"
        case .duplicateColumn(_, _, let field, let columns):
            return "columns " + columns.map { "\($0.column) '\($0.header)'" }.joined(separator: " and ")
                + " both carry \(field.columnName); keep one"
        case .customerRequired:
            return "the input has no Customer column: pass --customer, or add a Customer column"
        case .invalidLocation(let text, let suggestions):
            var message = "location '\(text)' is not an ISO 3166-1 alpha-2 code or a country name"
            if !suggestions.isEmpty { message += " (did you mean \(suggestions.joined(separator: " or "))?)" }
            return message
        case .invalidColumnMap(_, _, let message):
            return message
        case .controlCharacterInHeader(_, _, let column, let scalar):
            let code = String(scalar, radix: 16, uppercase: true)
            return "column \(column) of the header contains the control character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code): "
                + "the file is not text in the encoding it was read in (UTF-16 or UTF-32 without a byte-order mark, "
                + "or not a CSV file at all); check the file, or pass --encoding"
        }
    }

    /// `file:line: message`; the line is left out when the error is not about one line.
    public var description: String {
        switch self {
        case .emptyInput(let file), .customerRequired(let file):
            return "\(Self.display(file)): \(message)"
        case .unrecognizedHeader(let file, let line, _), .missingColumn(let file, let line, _, _),
             .duplicateColumn(let file, let line, _, _), .invalidColumnMap(let file, let line, _):
            return "\(Self.display(file)):\(line): \(message)"
        case .controlCharacterInHeader(let file, let line, let column, _):
            return "\(Self.display(file)):\(line):\(column): \(message)"
        case .invalidLocation:
            return "--location: \(message)"
        }
    }

    private static func display(_ fileName: String) -> String {
        switch fileName {
        case "-": return "<stdin>"
        case "": return "<input>"
        default: return fileName
        }
    }
}
