import CSV
import Foundation
import Provisioning
import SQLiteDirectory
import Testing
@testable import ProvisionCLI

/// The hostile and broken input corpus (`Fixtures/bad/`, made by
/// `Tests/harness/lib/make_bad_corpus.py`): every file goes through `provision apply` in
/// process, on its own copy of the sample store, and must give exactly the result its line of
/// `Fixtures/bad/expected.tsv` names: a file problem (exit 2) with its code and
/// file:line:column and nothing written; a row problem (exit 1) as a failed user whose error
/// has the code, header, line and column; or a valid file (exit 0). The 5 MB field, the
/// 100,000 columns and the bad byte after 12,000 good rows are generated here.
@Suite struct BadInputCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/bad").path

    /// One line of expected.tsv.
    struct Expectation: Sendable, CustomStringConvertible {
        var file: String
        var exit: Int32
        var code: String
        var line: Int?
        var column: Int?
        var field: String?
        var options: [String]
        var message: String

        var description: String { "\(file): exit \(exit) \(code) \(line.map(String.init) ?? "-"):\(column.map(String.init) ?? "-")" }
    }

    static let manifest: [Expectation] = {
        let text = (try? String(contentsOfFile: folder + "/expected.tsv", encoding: .utf8)) ?? ""
        func value(_ text: Substring) -> String? { text == "-" ? nil : String(text) }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst().map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
            let cell = { (index: Int) -> Substring in index < cells.count ? cells[index] : "-" }
            return Expectation(file: String(cell(0)), exit: Int32(cell(1)) ?? -1, code: String(cell(2)),
                               line: value(cell(3)).flatMap { Int($0) }, column: value(cell(4)).flatMap { Int($0) },
                               field: value(cell(5)),
                               options: value(cell(6)).map { $0.split(separator: " ").map(String.init) } ?? [],
                               message: String(cell(7)))
        }
    }()

    static var files: [String] { Array(Set(manifest.map(\.file))).sorted() }

    /// The sample store every case starts from, made once per test process (in a temporary
    /// folder, left for the system to clean).
    static let template: String? = {
        let directory = NSTemporaryDirectory() + "bad-corpus-template-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/provision.sqlite"
        let code = ProvisionTool.main(arguments: ["init", "--sample", "--sample-dir", CLIWorkspace.sampleData, "--store", path],
                                      environment: ["PROVISION_NOW": "2026-11-21T09:00:00Z"], output: OutputSink(),
                                      errors: OutputSink(), currentDirectory: directory)
        return code == .success ? path : nil
    }()

    /// What a run did: its exit code, standard error, the JSON report and the store before
    /// and after.
    struct Run {
        var code: ExitCode
        var errors: String
        var report: [String: Any]?
        var before: String
        var after: String
        var credentialsWritten: Bool
    }

    /// Runs `provision apply` on `path` with `options`, on a copy of the sample store.
    static func run(_ path: String, options: [String] = []) throws -> Run {
        let workspace = try CLIWorkspace()
        let template = try #require(Self.template)
        try FileManager.default.copyItem(atPath: template, toPath: workspace.storePath)
        let before = try snapshot(workspace.storePath)
        let result = workspace.run(["apply", path, "--customer", "contoso", "--store", workspace.storePath, "--quiet",
                                    "--report", "report.json", "--credentials", "sheet.csv"] + options)
        let reportPath = workspace.directory + "/report.json"
        let report = FileManager.default.contents(atPath: reportPath)
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        return Run(code: result.code, errors: result.errors, report: report, before: before,
                   after: try snapshot(workspace.storePath),
                   credentialsWritten: FileManager.default.fileExists(atPath: workspace.directory + "/sheet.csv"))
    }

    /// What a refused run must leave as it was: each customer's change counter (every
    /// committed change moves it), active and deleted users, and seats.
    static func snapshot(_ path: String) throws -> String {
        let store = try SQLiteDirectory(path: path)
        var text = ""
        for customer in try store.customers() {
            let active = try store.listUsers(customerID: customer.id, query: UserQuery(filter: .all, pageSize: 1)).total
            let deleted = try store.listUsers(customerID: customer.id, query: UserQuery(filter: .deleted, pageSize: 1)).total
            let seats = try store.seatUsage(customerID: customer.id).map { "\($0.partNumber)=\($0.assigned)" }
            text += "\(customer.id) change \(try store.changeCounter(customerID: customer.id)) active \(active) "
                + "deleted \(deleted) \(seats.joined(separator: " "))\n"
        }
        return text
    }

    /// The code, line and column of the error that stops reading `path`, found the way the
    /// CLI reads it (header first, then the whole file), without the CLI.
    static func fileError(_ path: String, name: String, options: [String]) -> (code: String, line: Int?, column: Int?)? {
        var csv = CSVReadOptions(fileName: name)
        if let index = options.firstIndex(of: "--encoding"), index + 1 < options.count {
            csv.encoding = try? CSVEncoding(name: options[index + 1])
        }
        if let index = options.firstIndex(of: "--delimiter"), index + 1 < options.count {
            csv.delimiter = options[index + 1].utf8.first
        }
        do {
            _ = try RequestReader(path: path, csvOptions: csv, options: IntakeOptions(defaultCustomerID: "contoso"))
            csv.hasHeader = false
            var reader = try CSVReader(path: path, options: csv)
            var record = CSVByteRecord()
            while true {
                do {
                    guard try reader.nextByteRecord(into: &record) else { return nil }
                } catch let error as CSVError where error.isRecoverable {
                    continue
                }
            }
        } catch let error as CSVError {
            return (error.code, error.position.line, error.column)
        } catch let error as IntakeError {
            switch error {
            case .emptyInput: return ("emptyInput", nil, nil)
            case .customerRequired: return ("customerRequired", nil, nil)
            case .invalidLocation: return ("invalidLocation", nil, nil)
            case .unrecognizedHeader(_, let line, _): return ("unrecognizedHeader", line, nil)
            case .missingColumn(_, let line, _, _): return ("missingColumn", line, nil)
            case .duplicateColumn(_, let line, _, _): return ("duplicateColumn", line, nil)
            case .invalidColumnMap(_, let line, _): return ("invalidColumnMap", line, nil)
            case .controlCharacterInHeader(_, let line, let column, _): return ("controlCharacterInHeader", line, column)
            }
        } catch {
            return ("\(type(of: error))", nil, nil)
        }
    }

    /// Checks one file-level expectation against a run.
    static func expectFileProblem(_ expected: Expectation, path: String, name: String, run: Run) {
        #expect(run.code.rawValue == 2, "\(expected): exit \(run.code.rawValue), \(run.errors)")
        var place = name + ":"
        if let line = expected.line { place += "\(line):" }
        if let column = expected.column { place += "\(column):" }
        #expect(run.errors.contains("provision: error: \(place) "), "\(expected): stderr \(run.errors)")
        #expect(run.errors.contains(expected.message), "\(expected): stderr \(run.errors)")
        let found = fileError(path, name: name, options: expected.options)
        #expect(found?.code == expected.code && found?.line == expected.line && found?.column == expected.column,
                "\(expected): read as \(String(describing: found))")
        #expect(run.before == run.after, "\(expected): the store changed")
        #expect(!run.credentialsWritten, "\(expected): a credentials sheet was written")
    }

    /// Checks the row-level expectations of one file against a run.
    static func expectRowProblems(_ expectations: [Expectation], run: Run) {
        let file = expectations[0].file
        #expect(run.code.rawValue == 1, "\(file): exit \(run.code.rawValue), \(run.errors)")
        let outcomes = (run.report?["outcomes"] as? [[String: Any]]) ?? []
        for expected in expectations {
            let match = outcomes.contains { outcome in
                guard outcome["status"] as? String == "failed" else { return false }
                return ((outcome["errors"] as? [[String: Any]]) ?? []).contains { error in
                    error["code"] as? String == expected.code && error["line"] as? Int == expected.line
                        && error["column"] as? Int == expected.column && error["field"] as? String == expected.field
                        && (error["message"] as? String ?? "").contains(expected.message)
                }
            }
            #expect(match, "\(expected) \(expected.field ?? "-") '\(expected.message)' not among \(outcomes.flatMap { ($0["errors"] as? [[String: Any]]) ?? [] })")
        }
        if !outcomes.contains(where: { $0["status"] as? String == "succeeded" }) {
            #expect(run.before == run.after, "\(file): every row failed, yet the store changed")
            #expect(!run.credentialsWritten, "\(file): a credentials sheet was written")
        }
    }

    @Test func theCorpusHasAnExpectationForEveryFileAndAtLeastSixtyFiles() throws {
        let present = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { $0 != "expected.tsv" }.sorted()
        #expect(present == Self.files)
        #expect(present.count >= 60)
    }

    @Test(arguments: files)
    func fileGivesExactlyItsExpectedResult(_ name: String) throws {
        let expectations = Self.manifest.filter { $0.file == name }
        let first = try #require(expectations.first)
        let path = Self.folder + "/" + name
        let run = try Self.run(path, options: first.options)
        switch first.exit {
        case 2:
            Self.expectFileProblem(first, path: path, name: path, run: run)
        case 1:
            Self.expectRowProblems(expectations, run: run)
        default:
            #expect(run.code == .success, "\(name): exit \(run.code.rawValue), \(run.errors)")
            let total = (run.report?["summary"] as? [String: Any])?["total"] as? Int
            if name.hasPrefix("header-only") {
                #expect(total == 0)
                #expect(run.before == run.after)
            } else {
                #expect(total == 1)
            }
        }
    }

    /// Writes generated bytes to a temporary file and runs them.
    static func runGenerated(_ name: String, _ bytes: [UInt8]) throws -> (path: String, run: Run) {
        let directory = NSTemporaryDirectory() + "bad-generated-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        return (path, try run(path))
    }

    @Test func aFiveMegabyteFieldIsRefusedAtItsLineAndColumn() throws {
        let bytes = Array("UserPrincipalName,DisplayName\r\nbig@contoso.com,".utf8) + [UInt8](repeating: 0x78, count: 5_000_000)
            + Array("\r\n".utf8)
        let (path, run) = try Self.runGenerated("five-mb-field.csv", bytes)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        Self.expectFileProblem(Expectation(file: "five-mb-field.csv", exit: 2, code: "fieldTooLarge", line: 2, column: 2,
                                           field: nil, options: [], message: "1048576"), path: path, name: path, run: run)
    }

    @Test func aHundredThousandColumnsAreRefusedOnTheHeaderLine() throws {
        let header = ["UserPrincipalName"] + (2...100_000).map { "C\($0)" }
        let bytes = Array((header.joined(separator: ",") + "\r\nada@contoso.com\r\n").utf8)
        let (path, run) = try Self.runGenerated("hundred-thousand-columns.csv", bytes)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        Self.expectFileProblem(Expectation(file: "hundred-thousand-columns.csv", exit: 2, code: "tooManyFields", line: 1,
                                           column: nil, field: nil, options: [], message: "10000"),
                               path: path, name: path, run: run)
    }

    @Test func aBadByteAfterTwelveThousandGoodRowsWritesNothing() throws {
        var text = "UserPrincipalName,DisplayName,Licenses\r\n"
        for index in 0..<12_000 { text += "late\(index)@contoso.com,Late \(index),\r\n" }
        let bytes = Array(text.utf8) + Array("bad".utf8) + [0xFF] + Array("@contoso.com,Bad,\r\n".utf8)
        let (path, run) = try Self.runGenerated("late-bad-byte.csv", bytes)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        Self.expectFileProblem(Expectation(file: "late-bad-byte.csv", exit: 2, code: "invalidUTF8", line: 12_002, column: 1,
                                           field: nil, options: [], message: "byte 0xFF is not valid UTF-8"),
                               path: path, name: path, run: run)
    }
}
