import Foundation
import Testing
@testable import CSV

/// Microsoft's real "Product names and service plan identifiers for licensing" files, read fully.
///
/// Expected figures were computed once with Python's csv module:
/// `csv.reader(io.StringIO(raw.decode(ENC), newline=''), delimiter=D)` with ENC/D `utf-8-sig`/`,`
/// for 2026 and `cp1252`/`;` for 2022 (both: every row has 6 fields, no blank rows, CRLF), and
/// `raw.decode('utf-8')` for the first invalid byte of the 2022 file (offset 93538, line 497,
/// after 5 `;` on its line).
@Suite struct ReferenceDataTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("../../../shared/reference-data").standardized

    static func path(_ name: String) -> String? {
        let path = folder.appendingPathComponent(name).path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    static let header = ["Product_Display_Name", "String_Id", "GUID", "Service_Plan_Name", "Service_Plan_Id",
                         "Service_Plans_Included_Friendly_Names"]

    /// Reads every record; returns the records' field counts and the last position.
    static func readFully(_ path: String, options: CSVReadOptions) throws -> (CSVReader, [Int], CSVPosition?) {
        var reader = try CSVReader(path: path, options: options)
        var counts: [Int] = []
        var last: CSVPosition?
        while let record = try reader.nextRecord() {
            counts.append(record.count)
            last = record.position
        }
        return (reader, counts, last)
    }

    @Test func file2026IsUTF8WithMarkAndCommas() throws {
        guard let path = Self.path("product-service-plans-2026.csv") else {
            print("skipped: \(Self.folder.path)/product-service-plans-2026.csv is absent")
            return
        }
        let (reader, counts, last) = try Self.readFully(path, options: CSVReadOptions(fileName: "2026.csv"))
        #expect(reader.header == Self.header)
        #expect(counts.count == 5457)
        #expect(counts.allSatisfy { $0 == 6 })
        #expect(last == CSVPosition(byteOffset: 1_030_304, line: 5458, recordIndex: 5457))
        #expect(reader.dialect == CSVDialect(encoding: .utf8, hasBOM: true, delimiter: 0x2C, delimiterSource: .sniffed,
                                             hadSepLine: false, lineEnding: .crlf))
        #expect(reader.problems.isEmpty)
    }

    @Test func file2022NeedsCp1252AndSemicolons() throws {
        guard let path = Self.path("product-service-plans-2022-semicolon.csv") else {
            print("skipped: \(Self.folder.path)/product-service-plans-2022-semicolon.csv is absent")
            return
        }
        let options = CSVReadOptions(encoding: try CSVEncoding(name: "cp1252"), fileName: "2022.csv")
        let (reader, counts, last) = try Self.readFully(path, options: options)
        #expect(reader.header == Self.header)
        #expect(counts.count == 2457)
        #expect(counts.allSatisfy { $0 == 6 })
        #expect(last == CSVPosition(byteOffset: 424_979, line: 2458, recordIndex: 2457))
        #expect(reader.dialect.delimiter == 0x3B)
        #expect(reader.dialect.lineEnding == .crlf)
    }

    @Test func file2022IsRefusedWithoutAnEncoding() throws {
        guard let path = Self.path("product-service-plans-2022-semicolon.csv") else {
            print("skipped: \(Self.folder.path)/product-service-plans-2022-semicolon.csv is absent")
            return
        }
        #expect {
            _ = try Self.readFully(path, options: CSVReadOptions(fileName: "2022.csv"))
        } throws: { error in
            guard let error = error as? CSVError else { return false }
            return error.kind == .invalidUTF8(byte: 0x96)
                && error.position == CSVPosition(byteOffset: 93_538, line: 497, recordIndex: 496)
                && error.column == 6
                && error.description.hasPrefix("2022.csv:497:6: ")
        }
    }
}
