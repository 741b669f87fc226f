import CSV

/// Reads the licensing rules data file (`SampleData/licensing-rules.csv`, documented in
/// `docs/rules.md`): columns `Kind,Subject,Object,Note`, one rule per row.
///
/// Blank rows are skipped, and so are rows whose `Kind` starts with `#` (comments). Every
/// other row must be a valid rule; the first bad one stops the read with its line and column.
public enum RulesCSV {
    /// The columns; `Note` may be left out of the header.
    public static let columns = ["Kind", "Subject", "Object", "Note"]

    /// Reads the rules file at `path` (`-` for standard input).
    /// - Throws: ``CSV/CSVError`` for unreadable CSV, ``CatalogError`` for a bad rule.
    public static func read(path: String, options: CSVReadOptions) throws -> RulesFile {
        var reader = try CSVReader(path: path, options: options)
        return try read(&reader, fileName: options.fileName)
    }

    /// Reads rules from `reader`, which must not have read its header yet.
    /// - Throws: as ``read(path:options:)``.
    public static func read(_ reader: inout CSVReader, fileName: String) throws -> RulesFile {
        let names = try reader.readHeader()
        let header = CatalogHeader(names)
        let headerLine = 1 + (reader.dialect.hadSepLine ? 1 : 0)
        let at = try header.require(Array(columns.prefix(3)), fileName: fileName, line: headerLine)
        let noteColumn = header.column("Note")
        let unknown = header.unknown(columns)
        if !unknown.isEmpty {
            throw CatalogError(fileName: fileName, line: headerLine,
                               message: "unknown columns \(unknown.joined(separator: ", ")); "
                                   + "a rules file has \(columns.joined(separator: ", "))")
        }
        var rules: [LicensingRule] = []
        var lines: [Int] = []
        while let record = try reader.nextRecord() {
            if record.isBlank { continue }
            func field(_ column: Int?) -> String {
                guard let column, column < record.count else { return "" }
                return record[column]
            }
            let kind = field(at[0])
            if kind.trimmingCharacters(in: .whitespaces).hasPrefix("#") { continue }
            do {
                rules.append(try LicensingRule(kind: kind, subject: field(at[1]), object: field(at[2]),
                                               note: field(noteColumn)))
                lines.append(record.position.line)
            } catch let problem as LicensingRule.RowProblem {
                let column = problem.column == .note ? noteColumn : at[problem.column.rawValue - 1]
                throw CatalogError(fileName: fileName, line: record.position.line, column: column.map { $0 + 1 },
                                   field: column.map { names[$0] } ?? problem.column.name, message: problem.message)
            }
        }
        return RulesFile(rules: LicensingRules(rules: rules), lines: lines, fileName: fileName,
                         subjectColumn: at[1] + 1, objectColumn: at[2] + 1)
    }
}
