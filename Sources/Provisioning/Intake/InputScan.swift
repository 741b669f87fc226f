import CSV

/// One full read of an input file at the byte level (no strings; about 0.3 s per 170 MB), made
/// before anything is planned: a file that cannot be read to its end (bytes invalid in its
/// encoding, a quote never closed, a record over a limit) is refused there, with nothing
/// written, instead of failing after the groups before the bad line were committed. The same
/// pass collects the reader's warnings and the dialect it read, for the reports' "Input" part
/// and the portal's Preview. The command line's `plan` and `apply` and the portal's upload
/// both start with it.
public struct InputScan: Sendable {
    /// Records read, the header's included (it sizes the planner's table of names seen).
    public var records: Int
    /// What reading found: the format, the unused columns, the warnings.
    public var summary: InputSummary
    /// The encoding, delimiter and line ends the reader used.
    public var dialect: CSVDialect

    /// Reads the file at `path` to its end.
    /// - Parameters:
    ///   - csvOptions: the options intake opened it with (`hasHeader` is ignored).
    ///   - opened: the input as intake opened it (its format and unused columns).
    /// - Throws: the first fatal `CSVError`.
    public init(path: String, csvOptions: CSVReadOptions, opened: RequestReader) throws {
        var options = csvOptions
        options.hasHeader = false
        var reader = try CSVReader(path: path, options: options)
        var record = CSVByteRecord()
        var records = 0
        while true {
            do {
                guard try reader.nextByteRecord(into: &record) else { break }
                records += 1
            } catch let error as CSVError where error.isRecoverable {
                continue
            }
        }
        self.records = records
        summary = InputSummary(reader: opened, warnings: reader.problems, omittedWarnings: reader.omittedProblemCount)
        dialect = reader.dialect
    }
}
