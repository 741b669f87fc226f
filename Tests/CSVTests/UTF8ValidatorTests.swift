import Testing
@testable import CSV

/// The validator's fast paths agree with RFC 3629 at every offset in a word.
@Suite struct UTF8ValidatorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var bytes: [UInt8]
        var valid: Bool
        var testDescription: String { bytes.map { String($0, radix: 16) }.joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(bytes: [0xE4, 0xB8, 0xAD], valid: true),
        Case(bytes: [0xE0, 0xA0, 0x80], valid: true),
        Case(bytes: [0xE0, 0x80, 0x80], valid: false),
        Case(bytes: [0xED, 0x9F, 0xBF], valid: true),
        Case(bytes: [0xED, 0xA0, 0x80], valid: false),
        Case(bytes: [0xEF, 0xBF, 0xBF], valid: true),
        Case(bytes: [0xE4, 0xB8, 0x2C], valid: false),
        Case(bytes: [0xC3, 0xA9], valid: true),
        Case(bytes: [0xC1, 0xBF], valid: false),
        Case(bytes: [0xF0, 0x9F, 0x98, 0x80], valid: true),
        Case(bytes: [0xF4, 0x90, 0x80, 0x80], valid: false),
        Case(bytes: [0xF5, 0x80, 0x80, 0x80], valid: false),
        Case(bytes: [0x80], valid: false),
    ]

    @Test(arguments: cases)
    func agreesWithTheStandardLibrary(_ testCase: Case) {
        #expect((String(validating: testCase.bytes, as: UTF8.self) != nil) == testCase.valid)
        for prefix in 0..<9 {
            let bytes = Array(repeating: UInt8(ascii: "a"), count: prefix) + testCase.bytes + Array("tail-xyz".utf8)
            let outcome = bytes.withUnsafeBufferPointer { UTF8Validator.validate($0) }
            #expect(outcome == (testCase.valid ? .valid : .invalid(at: prefix)), "after \(prefix) ASCII bytes")
        }
    }

    @Test func sequenceCutAtTheEndIsIncomplete() {
        let bytes: [UInt8] = Array("abcdefgh".utf8) + [0xE4, 0xB8]
        #expect(bytes.withUnsafeBufferPointer { UTF8Validator.validate($0) } == .incomplete(at: 8))
    }
}
