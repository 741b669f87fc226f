import CSV
import Foundation
@testable import Provisioning

/// Helpers for the intake tests: fixture paths and reading whole inputs.
enum IntakeTestSupport {
    /// The path of a fixture under `Fixtures/Intake/`, found next to this source file.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/Intake/\(name)").path
    }

    /// Reads every request of a fixture file.
    static func read(fixture name: String, encoding: CSVEncoding? = nil,
                     options: IntakeOptions = IntakeOptions(defaultCustomerID: "contoso"))
        throws -> (reader: RequestReader, requests: [UserRequest]) {
        var reader = try RequestReader(path: fixture(name),
                                       csvOptions: CSVReadOptions(encoding: encoding, fileName: name),
                                       options: options)
        var requests: [UserRequest] = []
        while let request = try reader.next() { requests.append(request) }
        return (reader, requests)
    }

    /// Reads every request of CSV text.
    static func read(_ text: String, options: IntakeOptions = IntakeOptions(defaultCustomerID: "contoso"))
        throws -> (reader: RequestReader, requests: [UserRequest]) {
        var reader = try RequestReader(bytes: Array(text.utf8), csvOptions: CSVReadOptions(fileName: "test.csv"),
                                       options: options)
        var requests: [UserRequest] = []
        while let request = try reader.next() { requests.append(request) }
        return (reader, requests)
    }

    /// The one request of a header and one row, for row-level tests.
    static func single(header: String, row: String,
                       options: IntakeOptions = IntakeOptions(defaultCustomerID: "contoso")) throws -> UserRequest? {
        try read(header + "\n" + row + "\n", options: options).requests.first
    }

    /// A source at `line` of `file`.
    static func at(_ file: String, _ line: Int) -> [SourceLocation] { [SourceLocation(file: file, line: line)] }
}
