import CSV

/// Maps arbitrary headers to native fields: `--map FILE`.
///
/// The file is either `Header=Field` lines or a small CSV of `Header,Field` rows (any delimiter
/// the CSV reader recognises; an optional first row `Column,Field`). Blank lines and lines
/// starting with `#` are skipped. Headers match the input's headers case-, space- and
/// punctuation-insensitively; fields are ``IntakeField`` column names (`UserPrincipalName`,
/// `Licenses`, …, plus `InitialPassword` and `BlockSignIn`). Columns the map does not name are
/// still read when they carry a native name, and reported as unused otherwise.
/// See `docs/csv-format.md`.
public struct ColumnMap: Sendable, Hashable {
    /// The mapping, by reduced header.
    private var fields: [HeaderKey: IntakeField] = [:]

    /// Creates a map from header → field pairs.
    /// - Throws: ``IntakeError/invalidColumnMap(fileName:line:message:)`` when a header is named
    ///   twice with different fields.
    public init(_ pairs: [(header: String, field: IntakeField)]) throws {
        for (line, pair) in pairs.enumerated() {
            try add(header: pair.header, field: pair.field, fileName: "", line: line + 1)
        }
    }

    /// Reads a map file.
    /// - Parameters:
    ///   - path: the file's path.
    ///   - encoding: its encoding, when not UTF-8 (a byte-order mark is detected).
    /// - Throws: `CSVError` when the file cannot be read as CSV, ``IntakeError`` when a line is
    ///   not a mapping or names an unknown field.
    public init(contentsOfFile path: String, encoding: CSVEncoding? = nil) throws {
        var reader = try CSVReader(path: path, options: CSVReadOptions(encoding: encoding, fileName: path,
                                                                        hasHeader: false))
        try self.init(fileName: path, delimiter: { reader.dialect.delimiter }) {
            try reader.nextRecord().map { ($0.fields, $0.position.line) }
        }
    }

    /// Reads a map from its text (tests, or a map given inline).
    /// - Throws: as ``init(contentsOfFile:encoding:)``.
    public init(text: String, fileName: String = "map") throws {
        var reader = try CSVReader(bytes: Array(text.utf8), options: CSVReadOptions(fileName: fileName,
                                                                                   hasHeader: false))
        try self.init(fileName: fileName, delimiter: { reader.dialect.delimiter }) {
            try reader.nextRecord().map { ($0.fields, $0.position.line) }
        }
    }

    /// Reads mappings from records; `delimiter` rebuilds a `Header=Field` line whose header
    /// contains the delimiter (`Name, full=DisplayName`).
    private init(fileName: String, delimiter: () -> UInt8,
                 next: () throws -> (fields: [String], line: Int)?) throws {
        var sawMapping = false
        while let (raw, line) = try next() {
            let values = raw.map(\.trimmedWhitespace).filter { !$0.isEmpty }
            guard let first = values.first, !first.hasPrefix("#") else { continue }
            let header: String, target: String
            if values.contains(where: { $0.contains("=") }) {
                var fields = raw
                while fields.last?.isBlank == true { fields.removeLast() }
                let line = fields.joined(separator: String(UnicodeScalar(delimiter())))
                let equals = line.lastIndex(of: "=") ?? line.endIndex
                header = String(line[..<equals]).trimmedWhitespace
                target = String(line[line.index(after: equals)...]).trimmedWhitespace
            } else if values.count == 2 {
                header = values[0]
                target = values[1]
            } else {
                throw IntakeError.invalidColumnMap(fileName: fileName, line: line,
                                                   message: "expected 'Header=Field' or 'Header,Field'")
            }
            if !sawMapping, Self.headerRowTargets.contains(HeaderKey(target).value) {
                sawMapping = true
                continue
            }
            sawMapping = true
            guard let field = IntakeField(columnName: target) else {
                let suggestions = EditDistance.closest(
                    to: HeaderKey(target).value,
                    among: IntakeField.allCases.map { (HeaderKey($0.columnName).value, $0.columnName) },
                    threshold: max(3, target.count / 2))
                var message = "'\(target)' is not a field; fields are "
                    + IntakeField.allCases.map(\.columnName).joined(separator: ", ")
                if !suggestions.isEmpty { message += " (did you mean \(suggestions.joined(separator: " or "))?)" }
                throw IntakeError.invalidColumnMap(fileName: fileName, line: line, message: message)
            }
            try add(header: header, field: field, fileName: fileName, line: line)
        }
    }

    /// Second cells of an optional header row (`Column,Field`).
    private static let headerRowTargets: Set<String> = ["field", "nativefield", "target", "to"]

    private mutating func add(header: String, field: IntakeField, fileName: String, line: Int) throws {
        let key = HeaderKey(header)
        guard !key.isEmpty else {
            throw IntakeError.invalidColumnMap(fileName: fileName, line: line, message: "the header to map is empty")
        }
        if let existing = fields[key], existing != field {
            throw IntakeError.invalidColumnMap(
                fileName: fileName, line: line,
                message: "'\(header)' is already mapped to \(existing.columnName)")
        }
        fields[key] = field
    }

    /// The field a header is mapped to, if any.
    public func field(forHeader header: String) -> IntakeField? {
        fields[HeaderKey(header)]
    }

    /// The field for an already reduced header.
    func field(for key: HeaderKey) -> IntakeField? { fields[key] }

    /// Whether the map is empty.
    public var isEmpty: Bool { fields.isEmpty }
}
