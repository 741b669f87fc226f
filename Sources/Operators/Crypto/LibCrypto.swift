import CLibCrypto

// Design note: the only file that calls OpenSSL's libcrypto (one gateway per C library, as
// SQLiteDirectory's Connection is for SQLite). Everything else speaks byte arrays.

/// The three functions of OpenSSL 3's libcrypto that operators and sessions need: scrypt
/// (RFC 7914), SHA-256 (FIPS 180-4) and a constant-time comparison.
public enum LibCrypto {
    /// scrypt of `password` and `salt` (RFC 7914) with cost `n` (a power of two above 1),
    /// block size `r` and parallelism `p`, through `EVP_PBE_scrypt`.
    /// - Parameter length: the derived key's length in bytes (at least 1).
    /// - Throws: ``CryptoError`` when OpenSSL refuses the parameters or runs out of memory.
    /// - Complexity: time and memory grow with `n * r` (N=2^15, r=8 takes 32 MiB and tens of ms).
    public static func scrypt(password: [UInt8], salt: [UInt8], n: UInt64, r: UInt64, p: UInt64,
                              length: Int) throws -> [UInt8] {
        guard length > 0 else { throw CryptoError("scrypt: the key length must be at least 1") }
        // OpenSSL's memory check counts 128·r·(N + p + 2) bytes; refuse nothing we asked for.
        let (block, overflow) = (128 * r).multipliedReportingOverflow(by: n + p + 2)
        guard !overflow else { throw CryptoError("scrypt: parameters N=\(n) r=\(r) p=\(p) overflow") }
        let maximumMemory = block + (1 << 20)
        var key = [UInt8](repeating: 0, count: length)
        let result = password.withUnsafeBufferPointer { pass in
            salt.withUnsafeBufferPointer { salt in
                key.withUnsafeMutableBufferPointer { key in
                    EVP_PBE_scrypt(pass.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                   pass.count, salt.baseAddress, salt.count, n, r, p, maximumMemory,
                                   key.baseAddress, key.count)
                }
            }
        }
        guard result == 1 else { throw CryptoError("scrypt N=\(n) r=\(r) p=\(p) failed: \(lastError())") }
        return key
    }

    /// SHA-256 of `bytes` (32 bytes), through `EVP_Digest`.
    /// - Throws: ``CryptoError`` when OpenSSL fails.
    public static func sha256(_ bytes: [UInt8]) throws -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        guard result == 1, length == 32 else { throw CryptoError("SHA-256 failed: \(lastError())") }
        return Array(digest.prefix(32))
    }

    /// Whether `a` and `b` hold the same bytes, in time that depends only on their lengths
    /// (`CRYPTO_memcmp`); arrays of different lengths are unequal.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0 }
        }
    }

    /// OpenSSL's last queued error as text, and the queue emptied.
    private static func lastError() -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return "no OpenSSL error queued" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A failure inside libcrypto; the text names the function and the parameters, never the input.
public struct CryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What failed.
    public let description: String
    init(_ description: String) { self.description = description }
}
