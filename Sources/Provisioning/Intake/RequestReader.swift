import CSV

/// Reads a CSV of users as ``UserRequest``s, one at a time: the intake stage of the pipeline.
///
/// On creation it reads the header (after Entra's `version:v1.0` line, when there is one),
/// recognises the format (``detectedFormat``) and binds the columns; ``unusedColumns`` lists
/// the columns nothing reads, for the report. Then ``next()`` maps one row per call, so memory
/// stays flat for any size of file. Blank rows are skipped, and so is the example row of
/// Entra's templates when it is still the first data row.
///
/// Row problems (missing or malformed values) travel with each request as `InvalidInput`
/// violations; only problems with the whole input throw: ``IntakeError`` for the header and
/// options, and the CSV module's positioned `CSVError` for unreadable input.
///
/// ```swift
/// var requests = try RequestReader(path: "users.csv", csvOptions: CSVReadOptions(fileName: "users.csv"),
///                                  options: IntakeOptions(defaultCustomerID: "contoso"))
/// while let request = try requests.next() { … }
/// ```
public struct RequestReader: RequestSource {
    private var reader: CSVReader
    private let mapper: RowMapper
    private var firstDataRow = true
    /// The columns (from 0) a ``removalCensus()`` reads: `Action`, `RemoveLicenses`, `Licenses`.
    private let censusColumns: (action: Int?, remove: Int?, licenses: Int?)

    /// The input's name, as the requests' sources carry it.
    public let fileName: String
    /// The format recognised from the header.
    public let detectedFormat: InputFormat
    /// The columns present but not used, in column order. Never dropped silently: show them.
    public let unusedColumns: [UnusedColumn]
    /// The header's line, from 1 (2 after Entra's version line).
    public let headerLine: Int
    /// Whether the input has a `Customer` column (one file for many customers).
    public let mayNameCustomers: Bool
    /// Whether a row may delete its user or remove a license: the file is Entra's delete
    /// template, or has an `Action`, `RemoveLicenses` or `Licenses` column (`none` clears).
    public let mayRemove: Bool
    /// Entra's version line as written (`version:v1.0`), when the input starts with one.
    public let versionLine: String?
    /// The line of the Entra template's example row, when it was found and skipped.
    public private(set) var skippedExampleRowLine: Int?
    /// How many rows with only empty cells were skipped so far.
    public private(set) var blankRowCount = 0

    /// Reads the file at `path` (`-` for standard input).
    /// - Parameters:
    ///   - csvOptions: encoding, delimiter and file name; `hasHeader` is ignored (intake finds
    ///     the header itself).
    ///   - options: the run's customer, location and column map.
    /// - Throws: `CSVError` when the input cannot be read, ``IntakeError`` when its header or
    ///   the options are not usable.
    public init(path: String, csvOptions: CSVReadOptions, options: IntakeOptions) throws {
        var csvOptions = csvOptions
        csvOptions.hasHeader = false
        try self.init(reader: CSVReader(path: path, options: csvOptions),
                      fileName: csvOptions.fileName.isEmpty ? path : csvOptions.fileName, options: options)
    }

    /// Reads `bytes`.
    /// - Throws: as ``init(path:csvOptions:options:)``.
    public init(bytes: [UInt8], csvOptions: CSVReadOptions, options: IntakeOptions) throws {
        var csvOptions = csvOptions
        csvOptions.hasHeader = false
        try self.init(reader: CSVReader(bytes: bytes, options: csvOptions), fileName: csvOptions.fileName,
                      options: options)
    }

    /// Reads from a CSV reader that has read nothing yet and was created with `hasHeader: false`
    /// (intake reads the header itself, to see past Entra's version line).
    /// - Parameter fileName: the input's name for the requests' sources.
    /// - Throws: as ``init(path:csvOptions:options:)``.
    public init(reader: CSVReader, fileName: String, options: IntakeOptions) throws {
        self.reader = reader
        self.fileName = fileName
        var location: String?
        if let given = options.location {
            guard let code = CountryNames.code(forNameOrCode: given) else {
                throw IntakeError.invalidLocation(given, suggestions: CountryNames.closestNames(to: given))
            }
            location = code
        }
        guard var header = try self.reader.nextRecord() else { throw IntakeError.emptyInput(fileName: fileName) }
        if let first = header.fields.first?.trimmedWhitespace,
           first.lowercased().hasPrefix("version:"),
           header.fields.dropFirst().allSatisfy(\.isBlank) {
            versionLine = first
            guard let next = try self.reader.nextRecord() else { throw IntakeError.emptyInput(fileName: fileName) }
            header = next
        } else {
            versionLine = nil
        }
        headerLine = header.position.line
        let layout = try HeaderMatcher.match(header.fields, fileName: fileName, line: headerLine,
                                             map: options.columnMap)
        if layout[.customer] == nil, options.defaultCustomerID == nil {
            throw IntakeError.customerRequired(fileName: fileName)
        }
        detectedFormat = layout.format
        mayNameCustomers = layout[.customer] != nil
        mayRemove = layout.format.defaultAction == .delete || layout[.action] != nil || layout[.removeLicenses] != nil
            || layout[.licenses] != nil
        unusedColumns = layout.unused
        censusColumns = (layout[.action]?.index, layout[.removeLicenses]?.index, layout[.licenses]?.index)
        mapper = RowMapper(layout: layout, fileName: fileName, defaultCustomerID: options.defaultCustomerID,
                           defaultLocation: location)
    }

    /// The columns (from 0) of `header` whose values are secrets, for a tool that shows cells
    /// (`inspect`): the column intake would read the initial password from (Entra's
    /// `Initial password [passwordProfile]`, `InitialPassword`, a `--map` target), and any
    /// column whose name speaks of a password, whether or not the header is recognised.
    /// - Parameter map: the column map intake would use, if any.
    public static func secretColumns(inHeader header: [String], map: ColumnMap? = nil) -> Set<Int> {
        var columns = Set(header.indices.filter { HeaderKey(header[$0]).value.contains("password") })
        if let layout = try? HeaderMatcher.match(header, fileName: "", line: 1, map: map),
           let bound = layout[.initialPassword] {
            columns.insert(bound.index)
        }
        return columns
    }

    /// Where each bound field is: its header as written and its column.
    public var columns: [FieldColumn] { mapper.columns }

    /// The CSV reader's warnings so far (stray quotes, an ambiguous delimiter, …).
    public var csvWarnings: [CSVError] { reader.problems }

    /// The encoding and delimiter the CSV reader found.
    public var dialect: CSVDialect { reader.dialect }

    /// Reads the rest of the input for a bound on what it may take away, looking only at the
    /// `Action`, `RemoveLicenses` and `Licenses` cells of each record, as bytes: no row is
    /// mapped and no other cell becomes a `String` (a fifth of the cost of reading requests).
    /// Rows intake would refuse are counted too, so the bound is never low.
    /// - Throws: `CSVError` when the input becomes unreadable.
    public mutating func removalCensus() throws -> RemovalCensus {
        var census = RemovalCensus(), record = CSVByteRecord()
        let deleteDefault = detectedFormat.defaultAction == .delete
        while try reader.nextByteRecord(into: &record) {
            if let column = censusColumns.action, column < record.count, !record.isEmpty(column) {
                if case .success(.delete) = ValueParser.action(record.string(column)) { census.deletes += 1 }
            } else if deleteDefault {
                census.deletes += 1
            }
            if let column = censusColumns.remove, column < record.count, !record.isEmpty(column) {
                census.removals += ValueParser.list(record.string(column)).count
            }
            // `none` clears whatever the user holds: no bound. (Any cell naming it counts.)
            if let column = censusColumns.licenses, column < record.count, record.range(of: column).count >= 4,
               record.string(column).fastLowercased.contains("none") {
                census.mayClearAll = true
            }
        }
        return census
    }

    /// The next user's request, or `nil` at the end of the input.
    /// - Throws: `CSVError` when the input becomes unreadable (bad bytes, unterminated quote).
    /// - Complexity: O(n) in the row's bytes.
    public mutating func next() throws -> UserRequest? {
        while let record = try reader.nextRecord() {
            defer { firstDataRow = false }
            if firstDataRow, detectedFormat.isEntra, TemplateCatalog.isEntraExampleRow(record.fields) {
                skippedExampleRowLine = record.position.line
                continue
            }
            if let request = mapper.request(fields: record.fields, line: record.position.line) {
                return request
            }
            blankRowCount += 1
        }
        return nil
    }
}
