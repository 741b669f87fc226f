import CSV

/// What reading the input file found, for the "Input" part of every report: the format
/// recognised, the columns nothing reads, and the CSV reader's warnings (a stray quote, text
/// after a closing quote, an ambiguous delimiter). These are data, not progress: they are in
/// the reports whatever the terminal shows.
public struct InputSummary: Codable, Hashable, Sendable {
    /// The format recognised from the header.
    public var format: InputFormat
    /// The columns present but not used, in column order.
    public var unusedColumns: [UnusedColumn]
    /// The reader's warnings, in input order, up to the reader's limit.
    public var warnings: [InputWarning]
    /// Warnings beyond the limit, counted but not kept.
    public var omittedWarnings: Int

    /// Creates a summary.
    public init(format: InputFormat, unusedColumns: [UnusedColumn] = [], warnings: [InputWarning] = [],
                omittedWarnings: Int = 0) {
        self.format = format
        self.unusedColumns = unusedColumns
        self.warnings = warnings
        self.omittedWarnings = omittedWarnings
    }

    /// The summary of `reader` (freshly opened: its format and unused columns) with the
    /// warnings a full read of the same input collected.
    public init(reader: RequestReader, warnings: [CSVError], omittedWarnings: Int = 0) {
        self.init(format: reader.detectedFormat, unusedColumns: reader.unusedColumns,
                  warnings: warnings.filter(\.isWarning).map(InputWarning.init), omittedWarnings: omittedWarnings)
    }
}

/// One warning of the CSV reader: reading went on, and the data was kept as ``message`` says.
public struct InputWarning: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The CSV reader's code, e.g. `strayQuote` (`CSVError.code`).
    public var code: String
    /// The physical line, from 1.
    public var line: Int
    /// The field, from 1, when the warning is about one.
    public var column: Int?
    /// What happened, for people, without the place.
    public var message: String

    /// Creates a warning.
    public init(code: String, line: Int, column: Int?, message: String) {
        self.code = code
        self.line = line
        self.column = column
        self.message = message
    }

    /// The warning of a `CSVError`.
    public init(_ error: CSVError) {
        self.init(code: error.code, line: error.position.line, column: error.column, message: error.message)
    }

    /// `users.csv:3:2: quote inside …`: the warning at its place in `file`, as the CSV reader's
    /// own errors are written.
    public func located(in file: String) -> String {
        "\(file):\(line)" + (column.map { ":\($0)" } ?? "") + ": " + message
    }

    /// `line 3, column 2: quote inside an unquoted field, kept as a literal character`.
    public var description: String {
        "line \(line)" + (column.map { ", column \($0)" } ?? "") + ": " + message
    }
}
