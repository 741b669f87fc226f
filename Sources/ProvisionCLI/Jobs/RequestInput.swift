import Foundation
import CSV
import Provisioning
import Reports
import WorkQueue

/// The CSV input of a job: the file (standard input is spooled to a temporary file first, since
/// a job reads its input more than once: once to find the customers, once per customer), how
/// to decode it, and how intake maps it.
struct RequestInput {
    /// Options that read an input file.
    static let options: [OptionDeclaration] = [
        .value("encoding", "E", help: "the file's encoding when it has no BOM and is not UTF-8 (cp1252, shift_jis, big5, ...)",
               check: { _ = try CSVEncoding(name: $0) }),
        .value("delimiter", "D", help: "the field delimiter when sniffing guesses wrong: , ; | or tab",
               check: { _ = try delimiter($0) }),
        .value("location", "XX", help: "the usage location of rows without one (an ISO code or a country name)"),
        .value("map", "FILE", help: "a column map for headers intake does not know (docs/csv-format.md)", completion: .file),
    ]

    /// The path read (a spool file for standard input).
    let path: String
    /// The name the user gave (`-` for standard input), used in reports and errors.
    let name: String
    let csvOptions: CSVReadOptions
    let intake: IntakeOptions
    private let spool: String?

    /// Prepares `argument` (a path or `-`) with the command's options.
    init(_ argument: String, context: CommandContext, defaultCustomerID: String?) throws {
        name = argument
        if argument == "-" {
            let spoolPath = NSTemporaryDirectory() + "provision-stdin-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).csv"
            guard FileManager.default.createFile(atPath: spoolPath, contents: nil, attributes: [.posixPermissions: 0o600]),
                  let handle = FileHandle(forWritingAtPath: spoolPath) else {
                throw CLIError.input("cannot spool standard input to \(spoolPath)")
            }
            defer { try? handle.close() }
            while let chunk = try context.input.read(upToCount: 1 << 20), !chunk.isEmpty { try handle.write(contentsOf: chunk) }
            path = spoolPath
            spool = spoolPath
        } else {
            path = context.resolve(argument)
            spool = nil
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw CLIError.input("\(argument): no such file")
            }
        }
        let arguments = context.arguments
        let encoding = try arguments.value("encoding").map { try CSVEncoding(name: $0) }
        let delimiter = try arguments.value("delimiter").map(Self.delimiter)
        csvOptions = CSVReadOptions(encoding: encoding, delimiter: delimiter, fileName: argument == "-" ? "<stdin>" : argument)
        // A code or a country name; intake checks it and names the option when it is neither.
        let location = arguments.value("location")
        let map = try arguments.value("map").map { try ColumnMap(contentsOfFile: context.resolve($0)) }
        intake = IntakeOptions(defaultCustomerID: defaultCustomerID, location: location, columnMap: map)
    }

    /// A queued job's input: the stored bytes at `path` (a private copy the worker made), read
    /// with the options `provision submit` was given, under the name it was given.
    /// - Throws: ``CLIError/input(_:)`` for a stored encoding or column map that cannot be used.
    init(storedAt path: String, name: String, spec: QueuedJobSpec) throws {
        self.path = path
        self.name = name
        spool = nil
        let encoding = try spec.encoding.map { try CSVEncoding(name: $0) }
        csvOptions = CSVReadOptions(encoding: encoding, delimiter: spec.delimiter, fileName: name == "-" ? "<stdin>" : name)
        let map = try spec.columnMap.map { try ColumnMap(text: $0, fileName: "the job's column map") }
        intake = IntakeOptions(defaultCustomerID: spec.defaultCustomerID, location: spec.location, columnMap: map)
    }

    /// Opens the input from the start.
    func open() throws -> RequestReader {
        try RequestReader(path: path, csvOptions: csvOptions, options: intake)
    }

    /// Reads the whole input once before anything is planned (``InputScan``): a file that
    /// cannot be read to its end is refused with nothing written, as docs/cli.md promises.
    /// - Parameter opened: the input as intake opened it (its format and unused columns).
    /// - Returns: the number of records read, the header's included, and what reading found.
    /// - Throws: the first fatal ``CSVError``.
    func validate(_ opened: RequestReader) throws -> (records: Int, summary: InputSummary) {
        let scan = try InputScan(path: path, csvOptions: csvOptions, opened: opened)
        return (scan.records, scan.summary)
    }

    /// Tells on standard error which format was recognised (unless `--quiet`), and always
    /// which columns go unused and what the reader warned about: these are no progress, and a
    /// nightly job's log must show them (docs/cli.md). Values from the input are escaped.
    func describe(_ reader: RequestReader, _ summary: InputSummary?, context: CommandContext) {
        if !context.quiet {
            context.errors.write("Reading \(TerminalText.escaped(reader.fileName)) as \(reader.detectedFormat.title)\n")
        }
        for column in reader.unusedColumns {
            context.errors.write("note: \(TerminalText.escaped(column.description)) is not used\n")
        }
        for warning in summary?.warnings ?? [] {
            context.errors.write("warning: \(TerminalText.escaped(warning.located(in: reader.fileName)))\n")
        }
    }

    /// Removes the spool file, if any.
    func cleanUp() {
        if let spool { try? FileManager.default.removeItem(atPath: spool) }
    }

    /// `,` `;` `|`, `tab` or `\t`.
    static func delimiter(_ text: String) throws -> UInt8 {
        switch text {
        case "tab", "\\t", "\t": return 0x09
        case ",", ";", "|": return text.utf8.first ?? 0x2C
        default: throw CLIError.usage("--delimiter: '\(text)' is not one of , ; | tab")
        }
    }
}
