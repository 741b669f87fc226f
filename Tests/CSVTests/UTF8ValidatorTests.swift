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

/// The validator's word-at-a-time paths against a byte-at-a-time reference, on seeded random
/// mixes of ASCII, CJK, the narrow-range leads (E0, ED, F0, F4), emoji and bad sequences,
/// including bad sequences and cut-off ends placed on every offset of the first 200 bytes.
@Suite struct UTF8ReferenceTests {
    /// RFC 3629 one byte at a time: the first bad sequence, or the cut-off one at the end.
    static func reference(_ bytes: [UInt8]) -> UTF8Validator.Outcome {
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            let length: Int, low: UInt8, high: UInt8
            switch lead {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
            case 0xED: (length, low, high) = (3, 0x80, 0x9F)
            case 0xE1...0xEF: (length, low, high) = (3, 0x80, 0xBF)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
            case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
            default: return .invalid(at: i)
            }
            for k in 1..<length {
                guard i + k < bytes.count else { return .incomplete(at: i) }
                let byte = bytes[i + k]
                let fits = k == 1 ? (low...high).contains(byte) : (0x80...0xBF).contains(byte)
                if !fits { return .invalid(at: i) }
            }
            i += length
        }
        return .valid
    }

    static let good: [[UInt8]] = [
        Array("a".utf8), Array("user123@contoso.com.tw,".utf8), Array("陳".utf8), Array("臺北市信義區".utf8),
        Array("é".utf8), Array("😀".utf8), [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xF0, 0x90, 0x80, 0x80],
        [0xF4, 0x8F, 0xBF, 0xBF], [0xEF, 0xBF, 0xBF], [0xDF, 0xBF], Array("\r\n\"".utf8),
    ]
    static let bad: [[UInt8]] = [
        [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2], [0xC2, 0x41], [0xE4, 0xB8], [0xE4, 0x41, 0x80],
        [0xE0, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
        [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xF0, 0x9F, 0x98], [0xE4, 0xB8, 0xAD, 0xAD],
    ]

    static func check(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = reference(bytes)
        let outcome = bytes.withUnsafeBufferPointer { UTF8Validator.validate($0) }
        #expect(outcome == expected, "\(bytes.count) bytes", sourceLocation: sourceLocation)
    }

    @Test func randomMixesAgreeWithTheReference() {
        var generator = SeededGenerator(seed: 3629)
        for round in 0..<4000 {
            var bytes: [UInt8] = []
            let target = Int.random(in: 0...400, using: &generator)
            while bytes.count < target {
                bytes += Self.good.randomElement(using: &generator) ?? []
            }
            if round % 2 == 1 {
                let at = Int.random(in: 0...bytes.count, using: &generator)
                bytes.insert(contentsOf: Self.bad.randomElement(using: &generator) ?? [], at: at)
            }
            Self.check(bytes)
        }
    }

    @Test func badSequencesOnEveryOffsetAroundTheBlocks() {
        for padding in [Array("ab".utf8), Array("陳".utf8), Array("😀".utf8)] {
            for sequence in Self.bad + Self.good {
                for offset in 0..<200 {
                    var bytes: [UInt8] = []
                    while bytes.count < offset { bytes += padding }
                    bytes += sequence
                    Self.check(bytes)
                    while bytes.count < 260 { bytes += padding }
                    Self.check(bytes)
                }
            }
        }
    }

    @Test func randomBytesAgreeWithTheReference() {
        var generator = SeededGenerator(seed: 20)
        for _ in 0..<3000 {
            let count = Int.random(in: 0...200, using: &generator)
            let bytes = (0..<count).map { _ -> UInt8 in
                let roll = UInt8.random(in: 0...9, using: &generator)
                return roll < 5 ? UInt8.random(in: 0x20...0x7E, using: &generator)
                    : roll < 8 ? UInt8.random(in: 0x80...0xBF, using: &generator) : UInt8.random(in: 0xC0...0xFF, using: &generator)
            }
            Self.check(bytes)
            // Mostly ASCII with one stray high byte.
            var mostly = Array(repeating: UInt8(ascii: "x"), count: count)
            if count > 0 { mostly[Int.random(in: 0..<count, using: &generator)] = bytes.first ?? 0x80 }
            Self.check(mostly)
        }
    }
}
