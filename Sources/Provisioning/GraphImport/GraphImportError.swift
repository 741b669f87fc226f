/// A Microsoft Graph response file that cannot be imported: which file, where in its JSON
/// (`value[3].userPrincipalName`, or the line and column of a syntax error), and why.
///
/// Nothing is imported when any file has one.
public struct GraphImportError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The file as the caller named it.
    public var file: String
    /// The JSON path of the offending value (`value[3].id`, `[1].value[0].skuId`), a
    /// `line:column` of a syntax error, or empty for the file as a whole.
    public var path: String
    /// What is wrong, and what would fix it.
    public var message: String

    /// Creates an error.
    public init(file: String, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    /// `users.json: value[3].userPrincipalName: missing`.
    public var description: String {
        path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)"
    }
}

/// Several ``GraphImportError``s found in one pass over the files (shown together, so one run
/// names every value to fix).
public struct GraphImportErrors: Error, CustomStringConvertible, Sendable, Hashable {
    /// The problems, in file order.
    public var errors: [GraphImportError]

    /// Creates the list.
    public init(_ errors: [GraphImportError]) { self.errors = errors }

    /// One line per problem (at most 20, then how many more).
    public var description: String {
        var lines = errors.prefix(20).map(\.description)
        if errors.count > 20 { lines.append("… and \(errors.count - 20) more") }
        return lines.joined(separator: "\n")
    }
}
