import Testing
@testable import CSV

/// Table-driven parsing cases, each fed whole, byte by byte and in small chunks.
@Suite struct ReaderCaseTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var input: [UInt8]
        var records: [[String]]
        var lines: [Int]
        var warnings: [CSVError.Kind] = []
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "LF line ends", input: utf8("a,b\n1,2\n"), records: [["a", "b"], ["1", "2"]], lines: [1, 2]),
        Case(name: "CRLF line ends", input: utf8("a,b\r\n1,2\r\n"), records: [["a", "b"], ["1", "2"]], lines: [1, 2]),
        Case(name: "lone CR line ends", input: utf8("a,b\r1,2\r"), records: [["a", "b"], ["1", "2"]], lines: [1, 2]),
        Case(name: "mixed line ends", input: utf8("a\r\nb\nc\rd"), records: [["a"], ["b"], ["c"], ["d"]],
             lines: [1, 2, 3, 4]),
        Case(name: "last line without line end", input: utf8("a,b\n1,2"), records: [["a", "b"], ["1", "2"]],
             lines: [1, 2]),
        Case(name: "blank lines skipped but counted", input: utf8("a,b\n\n\r\n1,2\n\r3,4"),
             records: [["a", "b"], ["1", "2"], ["3", "4"]], lines: [1, 4, 6]),
        Case(name: "quoted delimiter and doubled quotes", input: utf8("\"x,y\",\"he said \"\"hi\"\"\"\n"),
             records: [["x,y", "he said \"hi\""]], lines: [1]),
        Case(name: "quoted line breaks count as lines", input: utf8("a,\"multi\r\nline\nthree\rfour\"\nb,c\n"),
             records: [["a", "multi\r\nline\nthree\rfour"], ["b", "c"]], lines: [1, 5]),
        Case(name: "stray quote kept literally", input: utf8("ab\"c,d\n"), records: [["ab\"c", "d"]], lines: [1],
             warnings: [.strayQuote]),
        Case(name: "quote after leading space is literal", input: utf8(" \"a\",b\n"), records: [[" \"a\"", "b"]],
             lines: [1], warnings: [.strayQuote]),
        Case(name: "text after closing quote appended", input: utf8("\"ab\"c,d\n"), records: [["abc", "d"]],
             lines: [1], warnings: [.textAfterClosingQuote]),
        Case(name: "empty fields", input: utf8(",,\n"), records: [["", "", ""]], lines: [1]),
        Case(name: "trailing delimiter at end of input", input: utf8("a,"), records: [["a", ""]], lines: [1]),
        Case(name: "one quoted empty field", input: utf8("\"\"\n\"\""), records: [[""], [""]], lines: [1, 2]),
        Case(name: "quoted empty between fields", input: utf8("a,\"\",b"), records: [["a", "", "b"]], lines: [1]),
        Case(name: "Traditional Chinese", input: utf8("姓名,城市\n陳怡君,臺北\n"), records: [["姓名", "城市"], ["陳怡君", "臺北"]],
             lines: [1, 2]),
        Case(name: "empty input", input: [], records: [], lines: []),
        Case(name: "only blank lines", input: utf8("\n\r\n\r"), records: [], lines: []),
        Case(name: "spaces kept", input: utf8(" a , b \n"), records: [[" a ", " b "]], lines: [1]),
        Case(name: "quoted CR alone", input: utf8("\"a\rb\"\nc"), records: [["a\rb"], ["c"]], lines: [1, 3]),
        Case(name: "quote then CRLF at end", input: utf8("\"a\"\r\n"), records: [["a"]], lines: [1]),
        Case(name: "semicolons sniffed", input: utf8("a;b;c\n1;2;3\n"), records: [["a", "b", "c"], ["1", "2", "3"]],
             lines: [1, 2]),
        Case(name: "tabs sniffed", input: utf8("a\tb\n1\t2\n"), records: [["a", "b"], ["1", "2"]], lines: [1, 2]),
        Case(name: "pipes sniffed", input: utf8("a|b\n1|2"), records: [["a", "b"], ["1", "2"]], lines: [1, 2]),
    ]

    @Test(arguments: cases)
    func parses(_ testCase: Case) {
        let outcome = readEveryWay(testCase.input)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.records == testCase.records)
        #expect(outcome.lines == testCase.lines)
        #expect(outcome.problems.map(\.kind) == testCase.warnings)
        #expect(outcome.positions.map(\.recordIndex) == Array(testCase.records.indices))
    }

    @Test func byteOffsetsCountTheByteOrderMarkAndMultibyteCharacters() {
        let outcome = readEveryWay([0xEF, 0xBB, 0xBF] + utf8("名,b\r\n\r\n\"x\",y\n"))
        #expect(outcome.offsets == [3, 12])
        #expect(outcome.lines == [1, 3])
    }

    @Test func warningCarriesLineAndColumn() {
        let outcome = readEveryWay(utf8("a,b\n\"x\ny\",z\"q\n"))
        #expect(outcome.problems.count == 1)
        #expect(outcome.problems.first?.position.line == 3)
        #expect(outcome.problems.first?.column == 2)
        #expect(outcome.problems.first?.position.recordIndex == 1)
    }

    @Test func lineEndingsAreReported() {
        #expect(readEveryWay(utf8("a\r\nb\r\n")).dialect?.lineEnding == .crlf)
        #expect(readEveryWay(utf8("a\nb\n")).dialect?.lineEnding == .lf)
        #expect(readEveryWay(utf8("a\rb\r")).dialect?.lineEnding == .cr)
        #expect(readEveryWay(utf8("a\rb\n")).dialect?.lineEnding == .mixed)
        #expect(readEveryWay(utf8("a,b")).dialect?.lineEnding == CSVDialect.LineEnding.none)
    }

    @Test func byteRecordsReuseTheirBuffers() throws {
        var reader = try CSVReader(bytes: utf8("a,bb,ccc\n1,22,333\n"), options: CSVReadOptions(hasHeader: false))
        var record = CSVByteRecord(capacity: 16, fields: 4)
        var rows: [[String]] = []
        while try reader.nextByteRecord(into: &record) {
            rows.append(record.strings)
            #expect(record.isEmpty(0) == false)
            #expect(record.withField(2) { $0.count } == 3)
        }
        #expect(rows == [["a", "bb", "ccc"], ["1", "22", "333"]])
    }

    @Test func byteRecordsCountFieldContentOnly() throws {
        let input = utf8("h1,h2,h3\r\na,\"b,\"\"c\",\r\nx,yy,zzz,,\r\n")
        for chunkSize in [1, 3, 1 << 16] {
            var options = CSVReadOptions()
            options.chunkSize = chunkSize
            var reader = try CSVReader(bytes: input, options: options)
            _ = try reader.readHeader()
            var record = CSVByteRecord(capacity: 16, fields: 4)
            var seen: [([String], Int, Range<Int>)] = []
            while try reader.nextByteRecord(into: &record) {
                seen.append((record.strings, record.byteCount, record.range(of: 1)))
            }
            #expect(seen.map(\.0) == [["a", "b,\"c", ""], ["x", "yy", "zzz"]])
            #expect(seen.map(\.1) == [5, 6])
            #expect(seen.map(\.2) == [2..<6, 2..<4])
        }
    }

    @Test func largeRecordsGrowTheBuffers() {
        let long = String(repeating: "x", count: 5000)
        let fields = (0..<300).map { "f\($0)" }
        let input = utf8("\"\(long)\",\(long)\n" + fields.joined(separator: ",") + "\n")
        let outcome = readEveryWay(input)
        #expect(outcome.records == [[long, long], fields])
    }
}
