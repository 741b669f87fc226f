/// Checks UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF) chunk by chunk.
enum UTF8Validator {
    /// What ``validate(_:)`` found.
    enum Outcome: Equatable {
        /// Every byte is part of a complete, valid sequence.
        case valid
        /// Valid up to `at`, where a sequence starts that the chunk cuts short.
        case incomplete(at: Int)
        /// The byte at `at` is not valid UTF-8.
        case invalid(at: Int)
    }

    /// Validates `bytes`.
    /// - Complexity: O(n); ASCII is checked sixteen bytes at a time, and the common three-byte
    ///   sequences (CJK) take a short path, two at a time when they follow each other.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>) -> Outcome {
        guard let p = bytes.baseAddress else { return .valid }
        let raw = UnsafeRawPointer(p)
        let n = bytes.count
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i < n {
            if i &+ 16 <= n {
                let first = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & highBits
                let second = raw.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self) & highBits
                if first | second == 0 { i &+= 16; continue }
                i &+= first != 0 ? first.trailingZeroBitCount &>> 3 : 8 &+ second.trailingZeroBitCount &>> 3
            } else if i &+ 8 <= n {
                let high = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & highBits
                if high == 0 { i &+= 8; continue }
                i &+= high.trailingZeroBitCount &>> 3
            } else if p[i] < 0x80 {
                i &+= 1
                continue
            }
            while i < n, p[i] >= 0x80 {
                if i &+ 8 <= n {
                    let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    if word & 0xC0_C0F0_C0C0_F0 == 0x80_80E0_8080_E0,
                       (commonLeads &>> (word & 0x0F)) & (commonLeads &>> ((word &>> 24) & 0x0F)) & 1 != 0 {
                        i &+= 6
                        continue
                    }
                    if isCommonThreeByte(word) {
                        i &+= 3
                        continue
                    }
                } else if i &+ 4 <= n {
                    let word = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self))
                    if isCommonThreeByte(UInt64(word)) {
                        i &+= 3
                        continue
                    }
                }
                switch sequence(p, at: i, count: n) {
                case .valid(let length): i &+= length
                case .incomplete: return .incomplete(at: i)
                case .invalid: return .invalid(at: i)
                }
            }
        }
        return .valid
    }

    /// Whether the low three bytes of `word` (first byte lowest) are `1110xxxx 10xxxxxx 10xxxxxx`
    /// with a lead other than E0 and ED, whose second bytes are narrower.
    @inline(__always)
    private static func isCommonThreeByte(_ word: UInt64) -> Bool {
        word & 0x00C0_C0F0 == 0x0080_80E0 && (commonLeads &>> (word & 0x0F)) & 1 != 0
    }

    /// Bit k set when lead byte `0xE0 | k` takes any continuation byte as its second: all but E0 and ED.
    private static let commonLeads: UInt64 = 0xDFFE

    private enum Sequence { case valid(Int), incomplete, invalid }

    /// Checks the multibyte sequence whose lead byte is at `i`.
    @inline(__always)
    private static func sequence(_ p: UnsafePointer<UInt8>, at i: Int, count n: Int) -> Sequence {
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch p[i] {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return .invalid
        }
        for k in 1..<length {
            if i + k >= n { return .incomplete }
            let b = p[i + k]
            let ok = k == 1 ? (b >= low && b <= high) : (b & 0xC0 == 0x80)
            if !ok { return .invalid }
        }
        return .valid(length)
    }
}
