/// A column of the input that intake does not use, reported so that no data is dropped silently.
///
/// Also used by ``IntakeError/unrecognizedHeader(fileName:line:columns:)`` for the columns no
/// known format has, with the closest known column names.
public struct UnusedColumn: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The header as written in the file.
    public var header: String
    /// The column, from 1.
    public var column: Int
    /// Known column names close to the header (by edit distance), best first; empty when the
    /// column is a known part of the template that carries nothing intake uses (`Fax`).
    public var suggestions: [String]

    /// Creates an entry.
    public init(header: String, column: Int, suggestions: [String] = []) {
        self.header = header
        self.column = column
        self.suggestions = suggestions
    }

    /// `column 7 'Fax'`, with `(did you mean …?)` when there are suggestions.
    public var description: String {
        var text = "column \(column) '\(header)'"
        if !suggestions.isEmpty {
            text += " (did you mean \(suggestions.joined(separator: " or "))?)"
        }
        return text
    }
}
