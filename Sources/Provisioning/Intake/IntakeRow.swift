import CSV

/// One data row being read: its cells by field, and the problems found so far, each placed at
/// its line and column.
struct IntakeRow {
    /// A non-empty cell of a bound column.
    struct Cell {
        /// The value: trimmed, and with the formula guard's apostrophe taken off
        /// (``FormulaGuard/restored(_:)``: `'=x` reads as `=x`, `''x` as `'x`, `'x` stays),
        /// unless asked for the raw text.
        let text: String
        /// The column, from 1.
        let column: Int
        /// The header as written in the file.
        let header: String
    }

    private let fields: [String]
    private let line: Int
    private let layout: ColumnLayout
    /// The problems found, in the order found.
    private(set) var problems: [Violation] = []

    init(fields: [String], line: Int, layout: ColumnLayout) {
        self.fields = fields
        self.line = line
        self.layout = layout
    }

    /// Whether every value is empty or blank (such rows are skipped).
    var isBlank: Bool {
        fields.allSatisfy(\.isBlank)
    }

    /// The cell carrying `field`, or `nil` when there is no such column or the cell is empty.
    /// - Parameter trimmed: whether to trim spaces and tabs from the value and take off the
    ///   formula guard's apostrophe (the emptiness test always ignores spaces and tabs); a
    ///   password is read raw.
    func cell(_ field: IntakeField, trimmed: Bool = true) -> Cell? {
        guard let bound = layout[field], bound.index < fields.count else { return nil }
        let raw = fields[bound.index]
        let text = raw.trimmedWhitespace
        guard !text.isEmpty else { return nil }
        return Cell(text: trimmed ? FormulaGuard.restored(text) : raw, column: bound.index + 1, header: bound.header)
    }

    /// Records a problem with a cell.
    mutating func report(_ problem: ValueParser.Problem, at cell: Cell) {
        problems.append(Violation(.invalidInput, problem.message, fix: problem.fix, field: cell.header,
                                  line: line, column: cell.column))
    }

    /// Records a domain rule's violation, if any, placed at a cell.
    mutating func check(_ violation: Violation?, at cell: Cell) {
        guard var violation else { return }
        violation.line = line
        violation.column = cell.column
        problems.append(violation)
    }

    /// Records a missing value: placed at the field's column when the file has one, else
    /// named by the native column name.
    mutating func report(_ field: IntakeField, _ message: String, fix: String? = nil) {
        let bound = layout[field]
        problems.append(Violation(.invalidInput, message, fix: fix, field: bound?.header ?? field.columnName,
                                  line: line, column: bound.map { $0.index + 1 }))
    }

    /// Records values in columns without a header (beyond the header's width, or under an
    /// empty header name): data that would otherwise be dropped silently.
    mutating func reportValuesOutsideColumns() {
        for index in fields.indices where index >= layout.width || layout.unnamed.contains(index) {
            guard !fields[index].isBlank else { continue }
            problems.append(Violation(.invalidInput, "column \(index + 1) has a value but no header",
                                      fix: "add a header for the column, or remove the value",
                                      field: nil, line: line, column: index + 1))
        }
    }
}
