/// Where a request came from: the input file and the record's first physical line.
public struct SourceLocation: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The input's name as given (`-` for standard input), or the command (`users create`).
    public var file: String
    /// The 1-based first physical line of the record; 0 when not from a file.
    public var line: Int

    /// Creates a location.
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// `file:line`, or the file alone when the line is 0.
    public var description: String { line > 0 ? "\(file):\(line)" : file }
}
