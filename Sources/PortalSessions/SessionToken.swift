import Operators
import Provisioning

/// Session ids and CSRF tokens: 32 bytes (256 bits) from the CSPRNG, as unpadded base64url
/// (43 characters, safe in a cookie and a form field without escaping).
///
/// The server keeps only the SHA-256 of a session id (``storageKey(_:)``): whoever reads the
/// server's memory or a dump of its sessions cannot present them.
enum SessionToken {
    /// Random bytes per token.
    static let byteCount = 32
    /// Characters of an encoded token.
    static let length = 43

    /// A new token.
    static func make(_ random: RandomSource) -> String {
        encode(random.bytes(byteCount))
    }

    /// Whether `text` has the shape of a token (43 base64url characters); anything else is
    /// refused before it is hashed or compared.
    static func isWellFormed(_ text: Substring) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { alphabet.contains($0) }
    }

    /// The key a session is stored under: the hex SHA-256 of its id.
    static func storageKey(_ token: String) throws -> String {
        try LibCrypto.sha256(Array(token.utf8)).map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
        }.joined()
    }

    /// Whether two tokens are equal, in time that depends only on their lengths.
    static func matches(_ given: String, _ expected: String) -> Bool {
        LibCrypto.constantTimeEqual(Array(given.utf8), Array(expected.utf8))
    }

    private static let alphabet = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8))

    /// RFC 4648 §5 base64url without padding.
    static func encode(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        var index = 0
        while index + 2 < bytes.count {
            let word = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out += [table[Int(word >> 18 & 63)], table[Int(word >> 12 & 63)], table[Int(word >> 6 & 63)], table[Int(word & 63)]]
            index += 3
        }
        let rest = bytes.count - index
        if rest == 1 {
            let word = UInt32(bytes[index]) << 16
            out += [table[Int(word >> 18 & 63)], table[Int(word >> 12 & 63)]]
        } else if rest == 2 {
            let word = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            out += [table[Int(word >> 18 & 63)], table[Int(word >> 12 & 63)], table[Int(word >> 6 & 63)]]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
