import Testing
@testable import CSV

/// Quoting, line ends, the byte-order mark and the formula guard.
@Suite struct WriterTests {
    static func written(_ rows: [[String]], options: CSVWriteOptions = .exact) -> String {
        var writer = CSVWriter(options: options)
        rows.forEach { writer.writeRow($0) }
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func quotesOnlyWhereNeeded() {
        let text = Self.written([["a", "b,c", "d\"e", "f\ng", "h\ri", ""]])
        #expect(text == "a,\"b,c\",\"d\"\"e\",\"f\ng\",\"h\ri\",\r\n")
    }

    @Test func aLoneEmptyFieldIsQuotedSoItIsNotABlankLine() {
        #expect(Self.written([[""], []]) == "\"\"\r\n\r\n")
    }

    @Test func firstFieldThatLooksLikeASepLineOrMarkIsQuoted() {
        #expect(Self.written([["sep=;"], ["sep=;"]]) == "\"sep=;\"\r\nsep=;\r\n")
        #expect(Self.written([["\u{FEFF}x"]]) == "\"\u{FEFF}x\"\r\n")
    }

    @Test func optionsChangeDelimiterLineEndAndMark() {
        let options = CSVWriteOptions(delimiter: 0x3B, lineEnding: .lf, includeBOM: true, formulaGuard: false)
        var writer = CSVWriter(options: options)
        writer.writeRow(["a;b", "c,d"])
        #expect(writer.bytes == [0xEF, 0xBB, 0xBF] + utf8("\"a;b\";c,d\n"))
        #expect(writer.takeBytes().count == 13)
        #expect(writer.bytes.isEmpty)
        #expect(writer.rowCount == 1)
    }

    @Test func excelSafeHasMarkAndGuard() {
        #expect(CSVWriteOptions.excelSafe.includeBOM)
        #expect(CSVWriteOptions.excelSafe.formulaGuard)
        #expect(CSVWriteOptions().formulaGuard)
        #expect(!CSVWriteOptions.exact.formulaGuard)
    }

    struct GuardCase: CustomTestStringConvertible, Sendable {
        var field: String
        var written: String
        var testDescription: String { field.debugDescription }
    }

    static let guardCases: [GuardCase] = [
        GuardCase(field: "=1+1", written: "'=1+1"),
        GuardCase(field: "=HYPERLINK(\"http://x\")", written: "\"'=HYPERLINK(\"\"http://x\"\")\""),
        GuardCase(field: "+886 2 1234", written: "'+886 2 1234"),
        GuardCase(field: "-cmd|' /c calc'!A1", written: "\"'-cmd|' /c calc'!A1\""),
        GuardCase(field: "@SUM(A1)", written: "'@SUM(A1)"),
        GuardCase(field: "\t=1", written: "\"'\t=1\""),
        GuardCase(field: "\r=1", written: "\"'\r=1\""),
        GuardCase(field: "＝1+1", written: "'＝1+1"),
        GuardCase(field: "-", written: "'-"),
        GuardCase(field: "-3", written: "-3"),
        GuardCase(field: "+1.5", written: "+1.5"),
        GuardCase(field: "-1+2", written: "'-1+2"),
        GuardCase(field: "1.2.3", written: "1.2.3"),
        GuardCase(field: "a=b", written: "a=b"),
        GuardCase(field: "x;y", written: "\"x;y\""),
        GuardCase(field: "", written: ""),
        GuardCase(field: "'x", written: "''x"),
        GuardCase(field: "''", written: "'''"),
        GuardCase(field: "'=1", written: "''=1"),
        GuardCase(field: "x'", written: "x'"),
    ]

    @Test(arguments: guardCases)
    func formulaGuardNeutralises(_ testCase: GuardCase) {
        #expect(Self.written([[testCase.field, "z"]], options: CSVWriteOptions()) == testCase.written + ",z\r\n")
    }

    @Test func guardIsOffInExactMode() {
        #expect(Self.written([["=1+1"]], options: .exact) == "=1+1\r\n")
    }

    @Test(arguments: guardCases)
    func restoringUndoesTheGuardExactly(_ testCase: GuardCase) {
        #expect(FormulaGuard.restored(FormulaGuard.neutralised(testCase.field)) == testCase.field)
    }

    @Test(arguments: [("'=1+1", "=1+1"), ("''x", "'x"), ("'x", "'x"), ("'-3", "'-3"), ("'", "'"), ("x", "x"),
                      ("'@a", "@a"), ("'''", "''")])
    func restoringTakesOffOnlyTheGuardsApostrophe(read: String, value: String) {
        #expect(FormulaGuard.restored(read) == value)
    }
}
