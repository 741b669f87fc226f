import Testing
@testable import Operators

/// The binding to OpenSSL's `EVP_PBE_scrypt` computes RFC 7914's scrypt: the test vectors of
/// §12 (the fourth, N=2^20, takes 1 GiB and is left out), and SHA-256 and the constant-time
/// comparison behave.
@Suite struct ScryptVectorTests {
    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count, by: 2).compactMap { UInt8(String(digits[$0...$0 + 1]), radix: 16) }
    }

    struct Vector: Sendable, CustomTestStringConvertible {
        var password: String, salt: String, n: UInt64, r: UInt64, p: UInt64, key: String
        var testDescription: String { "P=\"\(password)\" S=\"\(salt)\" N=\(n) r=\(r) p=\(p)" }
    }

    static let vectors = [
        Vector(password: "", salt: "", n: 16, r: 1, p: 1, key: """
            77 d6 57 62 38 65 7b 20 3b 19 ca 42 c1 8a 04 97 f1 6b 48 44 e3 07 4a e8 df df fa 3f ed e2 14 42
            fc d0 06 9d ed 09 48 f8 32 6a 75 3a 0f c8 1f 17 e8 d3 e0 fb 2e 0d 36 28 cf 35 e2 0c 38 d1 89 06
            """),
        Vector(password: "password", salt: "NaCl", n: 1024, r: 8, p: 16, key: """
            fd ba be 1c 9d 34 72 00 78 56 e7 19 0d 01 e9 fe 7c 6a d7 cb c8 23 78 30 e7 73 76 63 4b 37 31 62
            2e af 30 d9 2e 22 a3 88 6f f1 09 27 9d 98 30 da c7 27 af b9 4a 83 ee 6d 83 60 cb df a2 cc 06 40
            """),
        Vector(password: "pleaseletmein", salt: "SodiumChloride", n: 16384, r: 8, p: 1, key: """
            70 23 bd cb 3a fd 73 48 46 1c 06 cd 81 fd 38 eb fd a8 fb ba 90 4f 8e 3e a9 b5 43 f6 54 5d a1 f2
            d5 43 29 55 61 3f 0f cf 62 d4 97 05 24 2a 9a f9 e6 1e 85 dc 0d 65 1e 40 df cf 01 7b 45 57 58 87
            """),
    ]

    @Test(arguments: vectors)
    func scryptMatchesRFC7914Section12(_ vector: Vector) throws {
        let key = try LibCrypto.scrypt(password: Array(vector.password.utf8), salt: Array(vector.salt.utf8),
                                       n: vector.n, r: vector.r, p: vector.p, length: 64)
        #expect(key == Self.hex(vector.key))
    }

    @Test func scryptRefusesACostThatIsNotAPowerOfTwo() {
        #expect(throws: CryptoError.self) {
            try LibCrypto.scrypt(password: [1], salt: [2], n: 1000, r: 8, p: 1, length: 32)
        }
    }

    @Test func sha256MatchesFIPS180Examples() throws {
        #expect(try LibCrypto.sha256(Array("abc".utf8))
                == Self.hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        #expect(try LibCrypto.sha256([])
                == Self.hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
    }

    @Test func constantTimeEqualComparesBytesAndLengths() {
        #expect(LibCrypto.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!LibCrypto.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!LibCrypto.constantTimeEqual([1, 2, 3], [1, 2]))
        #expect(LibCrypto.constantTimeEqual([], []))
    }
}
