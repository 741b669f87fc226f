/// BLAKE2b (RFC 7693, https://www.rfc-editor.org/rfc/rfc7693) with the salt and
/// personalization parameters of its parameter block (BLAKE2 paper, section 2.8), unkeyed.
///
/// Written in Swift so that no store links a crypto library: libsodium's
/// `crypto_generichash_blake2b_salt_personal` with no key, which earlier builds called, computes
/// exactly this function, so hashes already in a store keep verifying
/// (`PasswordHasherTests` checks vectors from Python's `hashlib.blake2b`, which agrees with
/// libsodium).
struct BLAKE2b {
    /// The initialization vector (RFC 7693, section 2.6): SHA-512's.
    private static let iv: [UInt64] = [
        0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
        0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
    ]
    /// The message schedule (RFC 7693, section 2.7); rounds 10 and 11 reuse rows 0 and 1.
    private static let sigma: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
        [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
        [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
        [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
        [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
        [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
        [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
        [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
        [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    ]

    private var state: [UInt64]
    private var block = [UInt8](repeating: 0, count: 128)
    private var filled = 0
    private var counter: (low: UInt64, high: UInt64) = (0, 0)
    private let length: Int

    /// A hash of `length` bytes (1...64), with up to 16 bytes each of `salt` and `personal`
    /// (zero-padded, as the parameter block has them).
    /// - Precondition: `length` is 1...64, `salt` and `personal` at most 16 bytes.
    init(length: Int, salt: [UInt8] = [], personal: [UInt8] = []) {
        precondition((1...64).contains(length) && salt.count <= 16 && personal.count <= 16)
        self.length = length
        state = Self.iv
        // Parameter block word 0: digest length, key length 0, fanout 1, depth 1.
        state[0] ^= 0x0101_0000 | UInt64(length)
        state[4] ^= Self.word(salt, at: 0)
        state[5] ^= Self.word(salt, at: 8)
        state[6] ^= Self.word(personal, at: 0)
        state[7] ^= Self.word(personal, at: 8)
    }

    /// Feeds `bytes`.
    mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes {
            if filled == 128 {          // the last block is compressed only in `finish`
                advance(by: 128)
                compress(last: false)
                filled = 0
            }
            block[filled] = byte
            filled += 1
        }
    }

    /// The digest.
    mutating func finish() -> [UInt8] {
        advance(by: UInt64(filled))
        for index in filled..<128 { block[index] = 0 }
        compress(last: true)
        var out = [UInt8](repeating: 0, count: length)
        for index in 0..<length { out[index] = UInt8(truncatingIfNeeded: state[index / 8] >> UInt64(8 * (index % 8))) }
        return out
    }

    private mutating func advance(by count: UInt64) {
        let (sum, overflow) = counter.low.addingReportingOverflow(count)
        counter.low = sum
        if overflow { counter.high &+= 1 }
    }

    /// Little-endian 64-bit word of `bytes` at `offset`, zero past the end.
    private static func word(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<8 where offset + index < bytes.count {
            value |= UInt64(bytes[offset + index]) << UInt64(8 * index)
        }
        return value
    }

    /// The compression function F (RFC 7693, section 3.2).
    private mutating func compress(last: Bool) {
        var m = [UInt64](repeating: 0, count: 16)
        for index in 0..<16 { m[index] = Self.word(block, at: index * 8) }
        var v = state + Self.iv
        v[12] ^= counter.low
        v[13] ^= counter.high
        if last { v[14] = ~v[14] }
        for round in 0..<12 {
            let s = Self.sigma[round % 10]
            Self.mix(&v, 0, 4, 8, 12, m[s[0]], m[s[1]])
            Self.mix(&v, 1, 5, 9, 13, m[s[2]], m[s[3]])
            Self.mix(&v, 2, 6, 10, 14, m[s[4]], m[s[5]])
            Self.mix(&v, 3, 7, 11, 15, m[s[6]], m[s[7]])
            Self.mix(&v, 0, 5, 10, 15, m[s[8]], m[s[9]])
            Self.mix(&v, 1, 6, 11, 12, m[s[10]], m[s[11]])
            Self.mix(&v, 2, 7, 8, 13, m[s[12]], m[s[13]])
            Self.mix(&v, 3, 4, 9, 14, m[s[14]], m[s[15]])
        }
        for index in 0..<8 { state[index] ^= v[index] ^ v[index + 8] }
    }

    /// The mixing function G (RFC 7693, section 3.1).
    @inline(__always)
    private static func mix(_ v: inout [UInt64], _ a: Int, _ b: Int, _ c: Int, _ d: Int, _ x: UInt64, _ y: UInt64) {
        v[a] = v[a] &+ v[b] &+ x
        v[d] = (v[d] ^ v[a]).rotatedRight(32)
        v[c] = v[c] &+ v[d]
        v[b] = (v[b] ^ v[c]).rotatedRight(24)
        v[a] = v[a] &+ v[b] &+ y
        v[d] = (v[d] ^ v[a]).rotatedRight(16)
        v[c] = v[c] &+ v[d]
        v[b] = (v[b] ^ v[c]).rotatedRight(63)
    }
}

private extension UInt64 {
    func rotatedRight(_ count: UInt64) -> UInt64 { self >> count | self << (64 - count) }
}
