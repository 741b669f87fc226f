import Foundation
import Testing
@testable import CSV

/// `sep=` lines, delimiter sniffing and overrides, and Entra's `version:v1.0` preamble.
@Suite struct DialectTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var hasHeader = false
        var delimiter: UInt8?
        var expected: UInt8
        var source: CSVDialect.DelimiterSource
        var warnings: [CSVError.Kind] = []
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "sep line", input: "sep=;\na;b\n", expected: 0x3B, source: .sepLine),
        Case(name: "sep line upper case with CRLF", input: "SEP=|\r\na|b\r\n", expected: 0x7C, source: .sepLine),
        Case(name: "sep line alone", input: "sep=\t", expected: 0x09, source: .sepLine),
        Case(name: "sep line overridden", input: "sep=;\na,b\n", delimiter: 0x2C, expected: 0x2C, source: .option,
             warnings: [.sepLineOverridden(sepLine: 0x3B, used: 0x2C)]),
        Case(name: "not a sep line", input: "sep=;;\na\n", expected: 0x3B, source: .sniffed),
        Case(name: "comma", input: "a,b;c\n", expected: 0x2C, source: .sniffed,
             warnings: [.ambiguousDelimiter(chosen: 0x2C, tied: [0x2C, 0x3B])]),
        Case(name: "semicolon most frequent", input: "a;b;c,d\n", expected: 0x3B, source: .sniffed),
        Case(name: "quoted candidates ignored", input: "\"a;b;c\",d\n1,2", expected: 0x2C, source: .sniffed),
        Case(name: "tab", input: "a\tb\tc\n", expected: 0x09, source: .sniffed),
        Case(name: "single column defaults to comma", input: "Email\nx;y\n", hasHeader: true, expected: 0x2C,
             source: .defaulted),
        Case(name: "header line after blank lines", input: "\n\r\na|b\n", expected: 0x7C, source: .sniffed),
        Case(name: "preamble passed over without header", input: "version:v1.0\nName;Email\n", expected: 0x3B,
             source: .sniffed),
        Case(name: "preamble is the header with hasHeader", input: "version:v1.0\nName;Email\n", hasHeader: true,
             expected: 0x2C, source: .defaulted),
        Case(name: "option wins", input: "a;b\n", delimiter: 0x2C, expected: 0x2C, source: .option),
    ]

    @Test(arguments: cases)
    func choosesTheDelimiter(_ testCase: Case) {
        let options = CSVReadOptions(delimiter: testCase.delimiter, hasHeader: testCase.hasHeader)
        let outcome = readEveryWay(utf8(testCase.input), options: options)
        #expect(outcome.dialect?.delimiter == testCase.expected)
        #expect(outcome.dialect?.delimiterSource == testCase.source)
        #expect(outcome.problems.map(\.kind) == testCase.warnings)
    }

    @Test func sepLineIsSkippedAndCounted() {
        let outcome = readEveryWay(utf8("sep=;\r\na;b\r\n1;2\r\n"), options: CSVReadOptions())
        #expect(outcome.header == ["a", "b"])
        #expect(outcome.records == [["1", "2"]])
        #expect(outcome.lines == [3])
        #expect(outcome.offsets == [12])
        #expect(outcome.dialect?.hadSepLine == true)
    }

    @Test func entraTemplateHeaderChosenByTheCaller() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/entra-bulk-create", withExtension: "csv"))
        var reader = try CSVReader(path: url.path, options: CSVReadOptions(fileName: "entra.csv", hasHeader: false))
        let version = try #require(try reader.nextRecord())
        #expect(version.fields == ["version:v1.0"])
        let header = try #require(try reader.nextRecord())
        try reader.useHeader(header)
        #expect(reader.header?.count == 4)
        #expect(try reader.nextRecord()?.fields.first == "Example: Chris Green")
        let user = try #require(try reader.nextRecord())
        #expect(user.fields == ["陳怡君", "yijun.chen@contoso.com.tw", "Pa,ss\"1", "No"])
        #expect(user.position.line == 4)
        #expect(user.position.recordIndex == 3)
        #expect(try reader.nextRecord() == nil)
        #expect(reader.dialect.lineEnding == .crlf)
    }

    @Test func headerValidationIsPublic() {
        #expect(throws: CSVError.self) { try CSVReader.validateHeader(["a", "A", "a"]) }
        #expect(CSVReader.headerProblems(["a", "A", "a", ""]).map(\.column) == [3])
        #expect(CSVReader.headerProblems(["", ""]).map(\.kind) == [.emptyHeaderName])
        #expect(CSVReader.headerProblems([]).map(\.kind) == [.missingHeader])
    }
}
