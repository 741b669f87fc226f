import Foundation
import Testing
@testable import CSV

/// Byte-order marks, UTF-16 and legacy code pages, with exact undecoded byte offsets.
@Suite struct EncodingTests {
    /// `text` as UTF-16 code units in the given byte order, after an optional byte-order mark.
    static func utf16(_ text: String, littleEndian: Bool, bom: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = bom ? (littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]) : []
        for unit in text.utf16 {
            let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            bytes += littleEndian ? pair : pair.reversed()
        }
        return bytes
    }

    @Test func utf8ByteOrderMarkIsSkipped() {
        let outcome = readEveryWay([0xEF, 0xBB, 0xBF] + utf8("Name,City\r\n陳,臺北\r\n"))
        #expect(outcome.records == [["Name", "City"], ["陳", "臺北"]])
        #expect(outcome.dialect?.hasBOM == true)
        #expect(outcome.dialect?.encoding == .utf8)
        #expect(outcome.offsets == [3, 14])
    }

    @Test(arguments: [true, false])
    func utf16WithByteOrderMarkIsDetected(littleEndian: Bool) {
        let outcome = readEveryWay(Self.utf16("名,b\r\n😀,\"x\ny\"\r\n", littleEndian: littleEndian))
        #expect(outcome.records == [["名", "b"], ["😀", "x\ny"]])
        #expect(outcome.dialect?.encoding == (littleEndian ? .utf16LE : .utf16BE))
        #expect(outcome.offsets == [2, 12])
        #expect(outcome.lines == [1, 2])
    }

    @Test func utf16WithoutByteOrderMarkReadsWhenNamed() {
        let options = CSVReadOptions(encoding: .utf16LE, hasHeader: false)
        let outcome = readEveryWay(Self.utf16("a,b\n1,2\n", littleEndian: true, bom: false), options: options)
        #expect(outcome.records == [["a", "b"], ["1", "2"]])
        #expect(outcome.offsets == [0, 8])
    }

    @Test func cp1252IsTranscoded() throws {
        let options = CSVReadOptions(encoding: try CSVEncoding(name: "windows-1252"), hasHeader: false)
        let input = utf8("Caf") + [0xE9] + utf8(";x\r\n") + [0x93] + utf8("a") + [0x94, 0x3B, 0x96] + utf8("\r\n")
        let outcome = readEveryWay(input, options: options)
        #expect(outcome.records == [["Café", "x"], ["\u{201C}a\u{201D}", "\u{2013}"]])
        #expect(outcome.dialect?.delimiter == UInt8(ascii: ";"))
        #expect(outcome.offsets == [0, 8])
    }

    @Test func big5IsTranscodedWithExactOffsets() throws {
        // '陳怡君,臺北' in cp950, from `iconv -f utf-8 -t cp950`.
        let big5: [UInt8] = [0xB3, 0xAF, 0xA9, 0xC9, 0xA7, 0x67, 0x2C, 0xBB, 0x4F, 0xA5, 0x5F]
        let options = CSVReadOptions(encoding: try CSVEncoding(name: "cp950"), hasHeader: false)
        let outcome = readEveryWay(big5 + [0x0A] + big5, options: options)
        #expect(outcome.records == [["陳怡君", "臺北"], ["陳怡君", "臺北"]])
        #expect(outcome.offsets == [0, 12])
    }

    @Test func shiftJISMixesOneAndTwoByteCharacters() throws {
        // '日本,ｱ' in Shift_JIS: two 2-byte kanji, a comma, a 1-byte half-width katakana.
        let sjis: [UInt8] = [0x93, 0xFA, 0x96, 0x7B, 0x2C, 0xB1]
        let options = CSVReadOptions(encoding: try CSVEncoding(name: "shift_jis"), hasHeader: false)
        let outcome = readEveryWay(sjis + [0x0A] + sjis + [0x0A] + sjis, options: options)
        #expect(outcome.records == Array(repeating: ["日本", "ｱ"], count: 3))
        #expect(outcome.offsets == [0, 7, 14])
    }

    @Test func invalidByteInTranscodedInputHasItsOffsetAfterMultibyteText() throws {
        let big5: [UInt8] = [0xB3, 0xAF, 0x2C, 0xA9, 0xC9, 0x0A]
        let options = CSVReadOptions(encoding: try CSVEncoding(name: "big5"), hasHeader: false)
        let outcome = readEveryWay(big5 + big5 + [0x78, 0x2C, 0xFF, 0xFF], options: options)
        #expect(outcome.records.count == 2)
        #expect(outcome.errors.first?.kind == .invalidBytes(encoding: "BIG5"))
        #expect(outcome.errors.first?.position.byteOffset == 14)
        #expect(outcome.errors.first?.position.line == 3)
        #expect(outcome.errors.first?.column == 2)
    }

    @Test func namesAreCaseInsensitiveAndCanonical() throws {
        #expect(try CSVEncoding(name: "UTF8") == .utf8)
        #expect(try CSVEncoding(name: "utf-16le") == .utf16LE)
        #expect(try CSVEncoding(name: "Shift_JIS").name == "SHIFT_JIS")
        #expect(try CSVEncoding(name: "cp1252").description == "CP1252")
    }

    @Test func readsFromAFileHandleAndAPath() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString).csv")
        try Data(utf8("a;b\n1;2\n")).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var byPath = try CSVReader(path: url.path, options: CSVReadOptions(fileName: "x.csv"))
        #expect(try byPath.readHeader() == ["a", "b"])
        #expect(try byPath.nextRecord()?.fields == ["1", "2"])
        #expect(try byPath.nextRecord() == nil)
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var byHandle = try CSVReader(fileHandle: handle, options: CSVReadOptions())
        #expect(try byHandle.nextRecord()?.fields == ["1", "2"])
    }
}
