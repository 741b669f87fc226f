import Testing
@testable import CSV

/// Every error the reader throws, with its position, through every feed.
@Suite struct ReaderErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var input: [UInt8]
        var options = CSVReadOptions(hasHeader: false)
        var kind: CSVError.Kind
        var line: Int
        var column: Int?
        var byteOffset: Int64
        var recordIndex: Int
        var recordsBefore: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unterminated quote names the line it opened on", input: utf8("a,b\n1,\"open\nmore\n"),
             kind: .unterminatedQuote(openedAtLine: 2), line: 2, column: 2, byteOffset: 4, recordIndex: 1,
             recordsBefore: 1),
        Case(name: "unterminated quote in a later field", input: utf8("x\n\n1,2,\"a\r\nb"),
             kind: .unterminatedQuote(openedAtLine: 3), line: 3, column: 3, byteOffset: 3, recordIndex: 1,
             recordsBefore: 1),
        Case(name: "invalid UTF-8 byte", input: utf8("a,b\n1,") + [0xFF] + utf8("\n"),
             kind: .invalidUTF8(byte: 0xFF), line: 2, column: 2, byteOffset: 6, recordIndex: 1, recordsBefore: 1),
        Case(name: "cp1252 dash in UTF-8 input", input: utf8("a\n\"x\ny\",Analytics ") + [0x96] + utf8(" Sta\n"),
             kind: .invalidUTF8(byte: 0x96), line: 3, column: 2, byteOffset: 18, recordIndex: 1, recordsBefore: 1),
        Case(name: "UTF-8 cut short at end of input", input: utf8("a,") + [0xE4, 0xB8],
             kind: .invalidUTF8(byte: 0xE4), line: 1, column: 2, byteOffset: 2, recordIndex: 0, recordsBefore: 0),
        Case(name: "overlong UTF-8", input: utf8("ok\n") + [0xC0, 0xAF],
             kind: .invalidUTF8(byte: 0xC0), line: 2, column: 1, byteOffset: 3, recordIndex: 1, recordsBefore: 1),
        Case(name: "UTF-8 surrogate", input: utf8("a,b,") + [0xED, 0xA0, 0x80],
             kind: .invalidUTF8(byte: 0xED), line: 1, column: 3, byteOffset: 4, recordIndex: 0, recordsBefore: 0),
        Case(name: "field over the size limit", input: utf8("a,b\nc,12345\n"),
             options: CSVReadOptions(maxFieldBytes: 4, hasHeader: false),
             kind: .fieldTooLarge(limit: 4), line: 2, column: 2, byteOffset: 4, recordIndex: 1, recordsBefore: 1),
        Case(name: "quoted field over the size limit", input: utf8("\"1234\n5678\"\n"),
             options: CSVReadOptions(maxFieldBytes: 6, hasHeader: false),
             kind: .fieldTooLarge(limit: 6), line: 1, column: 1, byteOffset: 0, recordIndex: 0, recordsBefore: 0),
        Case(name: "too many fields", input: utf8("a,b,c\n1,2,3,4\n"),
             options: CSVReadOptions(maxFields: 3, hasHeader: false),
             kind: .tooManyFields(limit: 3), line: 2, column: nil, byteOffset: 6, recordIndex: 1, recordsBefore: 1),
        Case(name: "record over the size limit", input: utf8("ab,cd,ef,gh,ij\n"),
             options: CSVReadOptions(maxRecordBytes: 8, hasHeader: false),
             kind: .recordTooLarge(limit: 8), line: 1, column: nil, byteOffset: 0, recordIndex: 0, recordsBefore: 0),
        Case(name: "fewer fields than the header", input: utf8("a,b,c\n1,2,3\n\n1,2\n"),
             options: CSVReadOptions(),
             kind: .fieldCountMismatch(expected: 3, found: 2), line: 4, column: nil, byteOffset: 13, recordIndex: 2,
             recordsBefore: 1),
        Case(name: "a non-empty field beyond the header", input: utf8("a,b\r\n1,2,,x\r\n"),
             options: CSVReadOptions(),
             kind: .fieldCountMismatch(expected: 2, found: 4), line: 2, column: nil, byteOffset: 5, recordIndex: 1,
             recordsBefore: 0),
        Case(name: "duplicate header name", input: utf8("Email,Name,Email\n"), options: CSVReadOptions(),
             kind: .duplicateHeaderName("Email", firstColumn: 1), line: 1, column: 3, byteOffset: 0, recordIndex: 0,
             recordsBefore: 0),
        Case(name: "empty header name", input: [0xEF, 0xBB, 0xBF] + utf8("\nEmail,,Name\n"), options: CSVReadOptions(),
             kind: .emptyHeaderName, line: 2, column: 2, byteOffset: 4, recordIndex: 0, recordsBefore: 0),
        Case(name: "no header", input: utf8("\r\n\r\n"), options: CSVReadOptions(),
             kind: .missingHeader, line: 3, column: nil, byteOffset: 4, recordIndex: 0, recordsBefore: 0),
        Case(name: "UTF-16LE without byte-order mark", input: [0x61, 0x00, 0x2C, 0x00, 0x62, 0x00],
             kind: .missingByteOrderMark(likely: "UTF-16LE"), line: 1, column: nil, byteOffset: 0, recordIndex: 0,
             recordsBefore: 0),
        Case(name: "UTF-16BE without byte-order mark", input: [0x00, 0x61, 0x00, 0x2C],
             kind: .missingByteOrderMark(likely: "UTF-16BE"), line: 1, column: nil, byteOffset: 0, recordIndex: 0,
             recordsBefore: 0),
        Case(name: "UTF-8 byte-order mark with another encoding", input: [0xEF, 0xBB, 0xBF, 0x61],
             options: CSVReadOptions(encoding: try? CSVEncoding(name: "cp1252"), hasHeader: false),
             kind: .encodingConflict(byteOrderMark: "UTF-8", given: "CP1252"), line: 1, column: nil, byteOffset: 0,
             recordIndex: 0, recordsBefore: 0),
        Case(name: "byte undefined in cp1252", input: utf8("a;b\n") + [0x31, 0x3B, 0x81],
             options: CSVReadOptions(encoding: try? CSVEncoding(name: "cp1252"), hasHeader: false),
             kind: .invalidBytes(encoding: "CP1252"), line: 2, column: 2, byteOffset: 6, recordIndex: 1,
             recordsBefore: 1),
        Case(name: "Big5 cut short at end of input", input: utf8("a,") + [0xB3],
             options: CSVReadOptions(encoding: try? CSVEncoding(name: "cp950"), hasHeader: false),
             kind: .invalidBytes(encoding: "CP950"), line: 1, column: 2, byteOffset: 2, recordIndex: 0,
             recordsBefore: 0),
        Case(name: "unsupported delimiter", input: utf8("a"), options: CSVReadOptions(delimiter: 0x22),
             kind: .unsupportedDelimiter(0x22), line: 1, column: nil, byteOffset: 0, recordIndex: 0, recordsBefore: 0),
    ]

    @Test(arguments: cases)
    func reportsWithPosition(_ testCase: Case) {
        let outcome = readEveryWay(testCase.input, options: testCase.options)
        guard let error = outcome.errors.first else {
            Issue.record("no error; records \(outcome.records)")
            return
        }
        #expect(error.kind == testCase.kind)
        #expect(error.position.line == testCase.line)
        #expect(error.column == testCase.column)
        #expect(error.position.byteOffset == testCase.byteOffset)
        #expect(error.position.recordIndex == testCase.recordIndex)
        #expect(outcome.records.count == testCase.recordsBefore)
    }

    @Test func fatalErrorIsThrownAgainByLaterCalls() throws {
        var reader = try CSVReader(bytes: utf8("a\n\"b"), options: CSVReadOptions(hasHeader: false))
        _ = try reader.nextRecord()
        let first = #expect(throws: CSVError.self) { try reader.nextRecord() }
        let second = #expect(throws: CSVError.self) { try reader.nextRecord() }
        #expect(first == second)
        #expect(first?.isRecoverable == false)
    }

    @Test func readingGoesOnAfterAFieldCountMismatch() {
        let outcome = readEveryWay(utf8("a,b\n1\n2,3\n4,5,,\n"), options: CSVReadOptions())
        #expect(outcome.errors.map(\.kind) == [.fieldCountMismatch(expected: 2, found: 1)])
        #expect(outcome.records == [["2", "3"], ["4", "5"]])
        #expect(outcome.header == ["a", "b"])
    }

    @Test func trailingEmptyHeaderNamesAreDropped() {
        let outcome = readEveryWay(utf8("a;b;;\n1;2;;\n3;4\n"), options: CSVReadOptions())
        #expect(outcome.errors.isEmpty)
        #expect(outcome.header == ["a", "b"])
        #expect(outcome.records == [["1", "2"], ["3", "4"]])
    }

    @Test func furtherHeaderProblemsAreKept() {
        let outcome = readEveryWay(utf8("a,a,,b,b\n1,2,3,4,5\n"), options: CSVReadOptions())
        #expect(outcome.errors.map(\.column) == [2])
        #expect(outcome.problems.map(\.column) == [3, 5])
        #expect(outcome.records.count == 1)
    }

    @Test func descriptionNamesLineColumnOffsetAndSuggestsEncoding() {
        let outcome = readAll(utf8("a,b\n1,") + [0x96], options: CSVReadOptions(fileName: "users.csv", hasHeader: false),
                              feed: .whole)
        let text = outcome.errors.first?.description ?? ""
        #expect(text.hasPrefix("users.csv:2:2: byte 0x96 is not valid UTF-8"))
        #expect(text.contains("--encoding"))
        #expect(text.contains("byte offset 6"))
    }

    @Test func standardInputIsNamedInMessages() {
        let error = CSVError(kind: .missingHeader, fileName: "-", position: CSVPosition())
        #expect(error.description.hasPrefix("<stdin>:1: "))
    }

    @Test func unknownEncodingNamesAreRefused() {
        #expect(throws: CSVError.self) { try CSVEncoding(name: "klingon-8") }
        #expect(throws: CSVError.self) { try CSVEncoding(name: "utf-16") }
        #expect(throws: CSVError.self) { try CSVEncoding(name: "") }
    }

    @Test func missingFileIsAnIOError() {
        #expect {
            try CSVReader(path: "/nonexistent/x.csv", options: CSVReadOptions(fileName: "x.csv"))
        } throws: { error in
            (error as? CSVError)?.code == "io" && "\(error)".hasPrefix("x.csv: cannot open")
        }
    }
}
