/// Where a field of a request sits in its input file: the native field name, the header as
/// the file writes it, and the column number. Rules checked after intake (the planner's, the
/// job's) name only the field; this lets them name the header, the line and the column too,
/// as intake's own row problems do.
public struct FieldColumn: Codable, Hashable, Sendable {
    /// The native field name, e.g. `Licenses` (``IntakeField/columnName``).
    public var field: String
    /// The header as written in the file, e.g. `Licences`.
    public var header: String
    /// The column, from 1.
    public var column: Int

    /// Creates a position.
    public init(field: String, header: String, column: Int) {
        self.field = field
        self.header = header
        self.column = column
    }
}

extension Violation {
    /// This violation with the line and the column of its field filled in where missing.
    func placed(line: Int?, columns: [FieldColumn]) -> Violation {
        var placed = self
        if placed.line == nil, let line, line > 0 { placed.line = line }
        if placed.column == nil, let field = placed.field, let match = columns.first(where: { $0.field == field }) {
            placed.field = match.header
            placed.column = match.column
        }
        return placed
    }
}
