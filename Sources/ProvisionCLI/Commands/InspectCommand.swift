import Foundation
import Reports
import CSV
import Provisioning

/// `provision inspect FILE`: shows how the CSV reader reads a file: encoding, delimiter, line
/// ends, header, record count, the first rows and every problem. `--format json` streams all
/// records, so the reader can be checked against any CSV test suite.
enum InspectCommand: Command {
    static let path = ["inspect"]
    static let summary = "Show how a CSV file reads: encoding, delimiter, header, records, problems"
    static let discussion = """
        Reads FILE (`-` for standard input) as every command reads CSV, and shows the encoding,
        delimiter, line ends, header, record count, the first N rows (default 10, text only) and
        every problem. --format json prints {"encoding", "delimiter", "header", "records" (all of
        them), "problems", ...}. --no-header lists every record without checking field counts.
        Exit codes: 0 read fully (warnings allowed), 2 an error (bad encoding, unterminated quote,
        field-count mismatch, bad header, limit) or a usage error.
        """
    static let arguments = [ArgumentDeclaration("FILE", help: "the CSV, or - for standard input", completion: .file)]
    static let options = RequestInput.options.filter { ["encoding", "delimiter"].contains($0.name) } + [
        .value("format", "FORMAT", help: "text (default) or json", completion: .choices(["text", "json"])),
        .value("rows", "N", help: "the rows shown in text (default 10)"),
        .flag("no-header", help: "list every record without checking field counts"),
    ]

    /// Problems kept for the report; more are counted.
    static let problemLimit = 1_000

    static func run(_ context: CommandContext) throws -> ExitCode {
        let arguments = context.arguments
        let file = arguments.positionals[0]
        let json: Bool
        switch arguments.value("format") ?? "text" {
        case "text": json = false
        case "json": json = true
        case let other: throw CLIError.usage("inspect: --format must be text or json, not '\(other)'")
        }
        var rowsShown = 10
        if let text = arguments.value("rows") {
            guard let value = Int(text), value >= 0 else { throw CLIError.usage("inspect: --rows needs a number ≥ 0") }
            rowsShown = value
        }
        let options = CSVReadOptions(encoding: try arguments.value("encoding").map { try CSVEncoding(name: $0) },
                                     delimiter: try arguments.value("delimiter").map(RequestInput.delimiter),
                                     fileName: file, hasHeader: false)
        // The report reads the header itself, to see past Entra's `version:v1.0` line as intake does.
        var report = InspectReport(file: file, json: json, rowsShown: rowsShown, hasHeader: !arguments.flag("no-header"),
                                   sink: context.output)
        let reader: CSVReader
        do {
            if file == "-" {
                reader = try CSVReader(fileHandle: context.input, options: options)
            } else {
                reader = try CSVReader(path: context.resolve(file), options: options)
            }
        } catch let error as CSVError {
            if !json { throw error }
            report.failBeforeReading(error)
            return .usageOrInput
        }
        let fatal = report.read(reader)
        if let fatal { context.errors.write("provision: error: \(ProvisionTool.describe(fatal))\n") }
        return report.hasErrors ? .usageOrInput : .success
    }
}

/// Reads one input and writes what `inspect` shows, streaming JSON records as they are read.
private struct InspectReport {
    let file: String
    let json: Bool
    let rowsShown: Int
    let hasHeader: Bool
    let sink: OutputSink
    private var out: [UInt8] = []
    private var problems: [CSVError] = []
    private var omitted = 0
    private var firstRows: [CSVRecord] = []
    private var count = 0
    private(set) var hasErrors = false
    /// Columns (from 0) whose values are shown as `••••`: the password columns.
    private var secretColumns: Set<Int> = []
    /// Whether the header intake would use is still to come (none read yet, or only Entra's
    /// `version:v1.0` line).
    private var awaitingHeader = true
    /// Entra's `version:v1.0` line before the header, when there is one.
    private var versionLine: String?

    init(file: String, json: Bool, rowsShown: Int, hasHeader: Bool, sink: OutputSink) {
        self.file = file
        self.json = json
        self.rowsShown = rowsShown
        self.hasHeader = hasHeader
        self.sink = sink
    }

    /// Reads `reader` to the end or to a fatal error, which it returns after reporting it.
    mutating func read(_ reader: CSVReader) -> CSVError? {
        var reader = reader
        var fatal: CSVError?
        var header: [String]?
        do {
            if hasHeader { header = try readHeader(&reader) }
        } catch let error as CSVError {
            note(error)
            fatal = error
        } catch {
            fatal = nil
        }
        if json {
            let dialect = reader.dialect
            emit("{\"file\":\(JSONText.quote(file)),\"encoding\":\(JSONText.quote(dialect.encoding.name)),\"bom\":\(dialect.hasBOM),"
                 + "\"delimiter\":\(JSONText.quote(String(decoding: [dialect.delimiter], as: UTF8.self))),"
                 + "\"delimiterSource\":\(JSONText.quote(dialect.delimiterSource.rawValue)),\"sepLine\":\(dialect.hadSepLine),"
                 + "\"versionLine\":\(versionLine.map(JSONText.quote) ?? "null"),"
                 + "\"header\":\(header.map(array) ?? "null"),\"records\":[")
        }
        while fatal == nil {
            do {
                guard var record = try reader.nextRecord() else { break }
                if awaitingHeader {
                    noticeHeader(record.fields, position: record.position)
                } else {
                    noteNULs(record.fields, position: record.position)
                    record = CSVRecord(fields: masked(record.fields), position: record.position)
                }
                if json {
                    emit((count == 0 ? "" : ",") + array(record.fields))
                } else if firstRows.count < rowsShown {
                    firstRows.append(record)
                }
                count += 1
            } catch let error as CSVError {
                note(error)
                if !error.isRecoverable { fatal = error }
            } catch {
                break
            }
        }
        reader.problems.forEach { note($0) }
        omitted += reader.omittedProblemCount
        let ordered = problems.enumerated().sorted {
            ($0.element.position.line, $0.element.column ?? 0, $0.offset)
                < ($1.element.position.line, $1.element.column ?? 0, $1.offset)
        }.map(\.element)
        if json {
            emit("],\"recordCount\":\(count),\"lineEnding\":\(JSONText.quote(reader.dialect.lineEnding.rawValue)),\"problems\":["
                 + ordered.map(problemJSON).joined(separator: ",") + "],\"omittedProblems\":\(omitted)}\n")
        } else {
            writeText(reader.dialect, header: header, problems: ordered, stopped: fatal != nil)
        }
        flush()
        return fatal
    }

    /// Reads the header, keeping a recoverable header problem as a problem.
    /// The header is the first record, or the second after Entra's `version:v1.0` line (kept
    /// in ``versionLine``); its password columns are masked from then on.
    private mutating func readHeader(_ reader: inout CSVReader) throws -> [String]? {
        guard var record = try reader.nextRecord() else {
            throw CSVError(kind: .missingHeader, fileName: file, position: CSVPosition())
        }
        if Self.isVersionLine(record.fields) {
            versionLine = record.fields.first
            guard let next = try reader.nextRecord() else {
                throw CSVError(kind: .missingHeader, fileName: file, position: record.position)
            }
            record = next
        }
        noticeHeader(record.fields, position: record.position)
        do {
            try reader.useHeader(record)
            return reader.header
        } catch let error as CSVError where error.isRecoverable {
            note(error)
            return reader.header
        }
    }

    /// Reports an input that could not even be opened, in JSON.
    mutating func failBeforeReading(_ error: CSVError) {
        emit("{\"file\":\(JSONText.quote(file)),\"encoding\":null,\"delimiter\":null,\"header\":null,\"records\":[],"
             + "\"recordCount\":0,\"problems\":[\(problemJSON(error))],\"omittedProblems\":0}\n")
        flush()
    }

    /// Takes `fields` as the header when it is the one intake would use (not Entra's
    /// `version:v1.0` line before it): its password columns are masked from now on.
    private mutating func noticeHeader(_ fields: [String], position: CSVPosition) {
        noteNULs(fields, position: position)
        if Self.isVersionLine(fields) { return }
        secretColumns = RequestReader.secretColumns(inHeader: fields)
        awaitingHeader = false
    }

    /// Whether `fields` is Entra's `version:v1.0` line (one value, then empty fields).
    private static func isVersionLine(_ fields: [String]) -> Bool {
        let first = fields.first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return first.hasPrefix("version:") && fields.dropFirst().allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// A problem for each field of a record that holds a NUL character.
    private mutating func noteNULs(_ fields: [String], position: CSVPosition) {
        for (index, field) in fields.enumerated() where field.utf8.contains(0) {
            note(CSVError(kind: .nulCharacter, fileName: file, position: position, column: index + 1))
        }
    }

    /// `fields` with the values of password columns shown as `••••`, as every report shows them.
    private func masked(_ fields: [String]) -> [String] {
        guard !secretColumns.isEmpty else { return fields }
        var fields = fields
        for index in secretColumns where fields.indices.contains(index) && !fields[index].isEmpty {
            fields[index] = "••••"
        }
        return fields
    }

    private mutating func note(_ problem: CSVError) {
        if !problem.isWarning { hasErrors = true }
        if problems.count < InspectCommand.problemLimit { problems.append(problem) } else { omitted += 1 }
    }

    private mutating func writeText(_ dialect: CSVDialect, header: [String]?, problems: [CSVError], stopped: Bool) {
        let sources: [CSVDialect.DelimiterSource: String] = [
            .option: "from --delimiter", .sepLine: "from the sep= line", .sniffed: "sniffed from the header line",
            .defaulted: "default: no candidate in the header line"]
        var text = "file:       \(file == "-" ? "<stdin>" : printable(file))\n"
        text += "encoding:   \(dialect.encoding.name)\(dialect.hasBOM ? " (byte-order mark)" : "")\n"
        text += "delimiter:  \(CSVError.delimiterName(dialect.delimiter)) (\(sources[dialect.delimiterSource] ?? ""))"
        text += dialect.hadSepLine ? ", sep= line skipped\n" : "\n"
        text += "line ends:  \(dialect.lineEnding == .none ? "none" : dialect.lineEnding.rawValue.uppercased())\n"
        if let header {
            text += "header:     \(header.count) column\(header.count == 1 ? "" : "s")"
                + (versionLine.map { " (after the line '\(printable($0))')" } ?? "") + "\n"
            for (index, name) in header.enumerated() { text += "  \(index + 1). \(printable(name))\n" }
        }
        text += "records:    \(count)\(stopped ? " (reading stopped at an error)" : "")\n"
        if !firstRows.isEmpty {
            text += "first \(firstRows.count) row\(firstRows.count == 1 ? "" : "s"):\n"
            for row in firstRows {
                text += "  line \(row.position.line): " + row.fields.map(printable).joined(separator: " | ") + "\n"
            }
        }
        if problems.isEmpty {
            text += "problems:   none\n"
        } else {
            text += "problems:   \(problems.count + omitted)\n"
            for problem in problems { text += "  \(problem.isWarning ? "warning" : "error"): \(printable(problem.description))\n" }
            if omitted > 0 { text += "  … and \(omitted) more\n" }
        }
        emit(text)
    }

    private func problemJSON(_ problem: CSVError) -> String {
        "{\"code\":\(JSONText.quote(problem.code)),\"severity\":\"\(problem.isWarning ? "warning" : "error")\","
            + "\"line\":\(problem.position.line),\"column\":\(problem.column.map(String.init) ?? "null"),"
            + "\"byteOffset\":\(problem.position.byteOffset),\"recordIndex\":\(problem.position.recordIndex),"
            + "\"message\":\(JSONText.quote(problem.message)),\"description\":\(JSONText.quote(problem.description))}"
    }

    private mutating func emit(_ text: String) {
        out.append(contentsOf: text.utf8)
        if out.count >= 1 << 16 { flush() }
    }

    private mutating func flush() {
        guard !out.isEmpty else { return }
        sink.write(bytes: out)
        out.removeAll(keepingCapacity: true)
    }

    private func array(_ fields: [String]) -> String {
        "[" + fields.map(JSONText.quote).joined(separator: ",") + "]"
    }

    /// `text` on one line, safe for a terminal: CR, LF and tab shown as `\r`, `\n`, `\t`, the
    /// other control characters as ``TerminalText`` shows them.
    private func printable(_ text: String) -> String {
        TerminalText.escaped(text)
    }
}
