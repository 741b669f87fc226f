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
    /// - Complexity: O(n); ASCII is checked eight bytes at a time, and the common three-byte
    ///   sequences (CJK) take a short path.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>) -> Outcome {
        guard let p = bytes.baseAddress else { return .valid }
        let n = bytes.count
        var i = 0
        while i < n {
            if i + 8 <= n {
                let high = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080
                if high == 0 { i += 8; continue }
                i += high.trailingZeroBitCount >> 3
            } else if p[i] < 0x80 {
                i += 1
                continue
            }
            while i < n, p[i] >= 0x80 {
                if i + 4 <= n {
                    // 1110xxxx 10xxxxxx 10xxxxxx, lead not E0 or ED (their second byte is narrower).
                    let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt32.self).littleEndian
                    if word & 0x00C0_C0F0 == 0x0080_80E0, word & 0xFF != 0xE0, word & 0xFF != 0xED {
                        i += 3
                        continue
                    }
                }
                switch sequence(p, at: i, count: n) {
                case .valid(let length): i += length
                case .incomplete: return .incomplete(at: i)
                case .invalid: return .invalid(at: i)
                }
            }
        }
        return .valid
    }

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
