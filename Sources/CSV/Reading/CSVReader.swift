import Foundation

/// A streaming CSV reader for what Excel and the Microsoft portals export.
///
/// It reads a file, standard input or bytes in chunks (memory is bounded by the longest record),
/// decodes them (byte-order marks, UTF-8 validation, legacy code pages through iconv), honours
/// Excel's `sep=` line or sniffs the delimiter, and parses RFC 4180 quoting with Excel's
/// leniencies. Every record and error carries its ``CSVPosition``. Behaviour in detail:
/// `docs/csv.md`.
///
/// ```swift
/// var reader = try CSVReader(path: "users.csv", options: CSVReadOptions(fileName: "users.csv"))
/// let header = try reader.readHeader()
/// while let record = try reader.nextRecord() { … }
/// ```
///
/// A reader is a handle: copies share the same input and position.
public struct CSVReader {
    private let engine: CSVReaderEngine
    private var scratch = CSVByteRecord()
    private let stringCache = FieldStringCache()
    /// The last record's fields: when the caller has let go of that record, its storage is
    /// overwritten for the next one instead of allocating an array per record.
    private var fields: [String] = []
    /// The header, once read or set.
    public private(set) var header: [String]?

    /// Reads the file at `path`; `-` is standard input.
    /// - Throws: ``CSVError`` when the file cannot be opened, the delimiter is unsupported, or
    ///   the start of the input contradicts the encoding (see ``CSVError/Kind``).
    public init(path: String, options: CSVReadOptions) throws {
        let input = try CSVInput(path: path, chunkSize: options.chunkSize, fileName: options.fileName)
        engine = try CSVReaderEngine(input: input, options: options)
    }

    /// Reads `bytes`.
    /// - Throws: as ``init(path:options:)``.
    public init(bytes: [UInt8], options: CSVReadOptions) throws {
        let input = CSVInput(bytes: bytes, chunkSize: options.chunkSize, fileName: options.fileName)
        engine = try CSVReaderEngine(input: input, options: options)
    }

    /// Reads from `fileHandle` (a file, a pipe, standard input), which is not closed.
    /// - Throws: as ``init(path:options:)``.
    public init(fileHandle: FileHandle, options: CSVReadOptions) throws {
        let input = CSVInput(fileHandle: fileHandle, chunkSize: options.chunkSize, fileName: options.fileName)
        engine = try CSVReaderEngine(input: input, options: options)
    }

    /// The encoding, delimiter and line ends found; ``CSVDialect/lineEnding`` grows as reading goes on.
    public var dialect: CSVDialect {
        CSVDialect(encoding: engine.decoder.encoding, hasBOM: engine.decoder.byteOrderMarkLength > 0,
                   delimiter: engine.scanner.delimiter, delimiterSource: engine.delimiterSource,
                   hadSepLine: engine.hadSepLine, lineEnding: engine.lineEnding)
    }

    /// Non-fatal problems so far (warnings, and header problems after the first one thrown).
    public var problems: [CSVError] { engine.problems }

    /// Problems beyond ``CSVReadOptions/maxStoredProblems``, counted but not kept.
    public var omittedProblemCount: Int { engine.omittedProblemCount }

    /// Reads the header: the first record after any `sep=` line.
    ///
    /// Trailing empty names (Excel writes them) are dropped. The header is kept even when it is
    /// invalid, so a caller may go on reading to list further problems; records are then checked
    /// against its width. Returns the header at once when it was already read or set.
    /// - Throws: ``CSVError``: `.missingHeader` for empty input, `.emptyHeaderName` or
    ///   `.duplicateHeaderName` (the first one; the others go to ``problems``), or any read error.
    public mutating func readHeader() throws -> [String] {
        if let header { return header }
        engine.expectedFieldCount = nil
        guard try engine.next(into: &scratch) else {
            throw CSVError(kind: .missingHeader, fileName: engine.options.fileName, position: engine.currentPosition)
        }
        let record = CSVRecord(fields: scratch.strings, position: scratch.position)
        try useHeader(record)
        return header ?? []
    }

    /// Makes `record` the header from now on, for inputs whose header is not the first record
    /// (read with ``CSVReadOptions/hasHeader`` false, e.g. Entra's templates that start with
    /// `version:v1.0`). Later records are checked against its width.
    /// - Throws: the first problem of ``headerProblems(_:fileName:position:)``; the header is set anyway.
    public mutating func useHeader(_ record: CSVRecord) throws {
        let names = Self.trimmedHeader(record.fields)
        header = names
        engine.expectedFieldCount = names.count
        var found = Self.headerProblems(record.fields, fileName: engine.options.fileName, position: record.position)
        guard !found.isEmpty else { return }
        let first = found.removeFirst()
        found.forEach(engine.note)
        throw first
    }

    /// Every problem of a header: empty names (except trailing ones, which are dropped) and
    /// repeated names (compared exactly), each with its column from 1.
    public static func headerProblems(_ names: [String], fileName: String = "",
                                      position: CSVPosition = CSVPosition()) -> [CSVError] {
        let trimmed = trimmedHeader(names)
        if trimmed.isEmpty {
            return [CSVError(kind: names.isEmpty ? .missingHeader : .emptyHeaderName, fileName: fileName,
                             position: position, column: names.isEmpty ? nil : 1)]
        }
        var problems: [CSVError] = []
        var seen: [String: Int] = [:]
        for (index, name) in trimmed.enumerated() {
            if name.isEmpty {
                problems.append(CSVError(kind: .emptyHeaderName, fileName: fileName, position: position, column: index + 1))
            } else if let first = seen[name] {
                problems.append(CSVError(kind: .duplicateHeaderName(name, firstColumn: first), fileName: fileName,
                                         position: position, column: index + 1))
            } else {
                seen[name] = index + 1
            }
        }
        return problems
    }

    /// Throws the first of ``headerProblems(_:fileName:position:)``, if any.
    public static func validateHeader(_ names: [String], fileName: String = "",
                                      position: CSVPosition = CSVPosition()) throws {
        if let first = headerProblems(names, fileName: fileName, position: position).first { throw first }
    }

    /// `names` without trailing empty names.
    static func trimmedHeader(_ names: [String]) -> [String] {
        var names = names
        while names.last?.isEmpty == true { names.removeLast() }
        return names
    }

    /// The next record with a `String` per field, or `nil` at the end.
    ///
    /// With ``CSVReadOptions/hasHeader`` the header is read first when it has not been. A record
    /// with more fields than the header is accepted when the extra ones are empty (they are
    /// dropped); any other difference throws `.fieldCountMismatch`, after which reading goes on.
    /// - Throws: ``CSVError``; see ``CSVError/isRecoverable``.
    /// - Complexity: O(n) in the record's bytes, one `String` per field.
    public mutating func nextRecord() throws -> CSVRecord? {
        if header == nil, engine.options.hasHeader { _ = try readHeader() }
        guard try engine.next(into: &scratch) else {
            fields = []
            return nil
        }
        scratch.setStrings(of: &fields, cache: stringCache)
        return CSVRecord(fields: fields, position: scratch.position)
    }

    /// The next record as bytes into `record`, reusing its buffers: the fast path, with no
    /// allocation per record or field.
    ///
    /// Does not read the header by itself: call ``readHeader()`` first when there is one.
    /// - Returns: `false` at the end of the input.
    /// - Throws: as ``nextRecord()``.
    /// - Complexity: O(n) in the record's bytes.
    public mutating func nextByteRecord(into record: inout CSVByteRecord) throws -> Bool {
        try engine.next(into: &record)
    }
}
