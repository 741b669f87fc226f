/// A problem in a catalog or rules file, with where it is: file, line, and the column (from 1)
/// and its header name when the problem is one field.
public struct CatalogError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The file as named to the reader.
    public var fileName: String
    /// The 1-based physical line of the record (the header is line 1 unless a `sep=` line
    /// comes first).
    public var line: Int
    /// The 1-based column, when the problem is one field.
    public var column: Int?
    /// The column's header name, when the problem is one field.
    public var field: String?
    /// What is wrong, naming the value and the rule.
    public var message: String

    /// Creates an error.
    public init(fileName: String, line: Int, column: Int? = nil, field: String? = nil, message: String) {
        self.fileName = fileName
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    /// `file:line:column: message (column Name)`, e.g.
    /// `rules.csv:7:3: 'plan:' is not product:NAME or plan:NAME (column Object)`.
    public var description: String {
        var text = "\(fileName.isEmpty ? "<input>" : fileName):\(line)"
        if let column { text += ":\(column)" }
        text += ": \(message)"
        if let field { text += " (column \(field))" }
        return text
    }
}
