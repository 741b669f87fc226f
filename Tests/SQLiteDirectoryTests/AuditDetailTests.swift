import Foundation
import Provisioning
import Testing
@testable import SQLiteDirectory

/// The audit log's hand-written JSON reads back, through Foundation's parser, as what was put in.
@Suite struct AuditDetailTests {
    static let awkward = [
        "", "plain", "\"", "\\", "\"quoted\" and \\back\\slashed\\", "line\nbreak\r\ttab",
        String((0..<0x20).map { Character(UnicodeScalar(UInt8($0))) }) + "end",
        "\u{1F}start", "終\u{0}了", "陳大文 ✓ 😀", "a\u{7F}b", "\"\"\\\\\n\n",
    ]

    @Test func everyStringParsesBackUnchanged() throws {
        for value in Self.awkward {
            var detail = AuditDetail()
            detail.add("value", value)
            detail.add("list", [value, "x" + value + "y"])
            detail.add("missing", nil as String?)
            detail.add("flag", true)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(detail.jsonBytes)) as? [String: Any])
            #expect(object["value"] as? String == value, "\(value.debugDescription)")
            #expect(object["list"] as? [String] == [value, "x" + value + "y"])
            #expect(object["missing"] is NSNull)
            #expect(object["flag"] as? Bool == true)
            #expect(detail.json == String(decoding: detail.jsonBytes, as: UTF8.self))
        }
    }

    @Test func onlyControlCharactersQuotesAndBackslashesAreEscaped() {
        var detail = AuditDetail()
        detail.add("k", "a\"b\\c\nd\u{1}e陳")
        #expect(detail.json == #"{"k":"a\"b\\c\nd\u0001e陳"}"#)
    }
}
