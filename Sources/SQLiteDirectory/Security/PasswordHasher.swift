import CSodium

/// Salted BLAKE2b-256 of temporary passwords, through libsodium
/// (https://doc.libsodium.org/hashing/generic_hashing).
///
/// Why not Argon2: a slow hash protects guessable, human-chosen passwords. Ours are drawn by
/// the CSPRNG with at least 96 bits of entropy (``TemporaryPassword/generatedLength``), so an
/// attacker holding the store cannot enumerate them at any hash speed, and a million new users
/// must not wait ~0.5 s each for Argon2. Each hash gets its own random 16-byte salt (BLAKE2b's
/// salt parameter) and a fixed personalization string, so equal passwords never hash alike and
/// the digests cannot be reused for anything else. See `docs/store.md`.
enum PasswordHasher {
    /// The scheme number stored next to each hash (`users.password_scheme`), so a later build
    /// can tell hashes apart and migrate: 1 = salted, personalized BLAKE2b-256 as below.
    static let scheme: Int64 = 1
    /// Salt length: BLAKE2b's salt parameter size.
    static let saltLength = 16
    /// Digest length.
    static let hashLength = 32
    /// BLAKE2b personalization: 16 bytes naming the purpose.
    private static let personal: [UInt8] = Array("provision.pw.v1.".utf8)

    /// Initializes libsodium once per process (thread-safe: Swift globals are lazy and atomic).
    private static let ready: Bool = sodium_init() >= 0

    /// A salted hash of `password`, with a salt from `salts` (a fresh source when not given).
    /// - Throws: ``SQLiteDirectoryError/crypto(_:)`` when libsodium cannot start.
    /// - Complexity: one BLAKE2b over the password (~1 µs), and a `getrandom` per 256 salts.
    static func hash(_ password: TemporaryPasswordText, salts: SaltSource = SaltSource()) throws
        -> (salt: [UInt8], hash: [UInt8]) {
        let salt = try salts.next()
        return (salt, try digest(password, salt: salt))
    }

    /// Salts from libsodium's CSPRNG (the kernel's `getrandom`), drawn a block at a time: a
    /// million new users made a million system calls when each drew its own 16 bytes.
    final class SaltSource {
        private var block: [UInt8] = []
        private var offset = 0

        /// The next unused 16 random bytes.
        func next() throws -> [UInt8] {
            guard ready else { throw SQLiteDirectoryError.crypto("libsodium failed to initialize") }
            if offset + saltLength > block.count {
                block = [UInt8](repeating: 0, count: saltLength * 256)
                block.withUnsafeMutableBytes { bytes in
                    if let base = bytes.baseAddress { randombytes_buf(base, bytes.count) }
                }
                offset = 0
            }
            defer { offset += saltLength }
            return Array(block[offset..<offset + saltLength])
        }
    }

    /// Whether `password` hashes to `hash` under `salt`, compared in constant time.
    static func verify(_ password: TemporaryPasswordText, salt: [UInt8], hash: [UInt8]) throws -> Bool {
        guard salt.count == saltLength, hash.count == hashLength else { return false }
        let candidate = try digest(password, salt: salt)
        return candidate.withUnsafeBytes { left in
            hash.withUnsafeBytes { right in
                sodium_memcmp(left.baseAddress, right.baseAddress, hashLength) == 0
            }
        }
    }

    private static func digest(_ password: TemporaryPasswordText, salt: [UInt8]) throws -> [UInt8] {
        guard ready else { throw SQLiteDirectoryError.crypto("libsodium failed to initialize") }
        var out = [UInt8](repeating: 0, count: hashLength)
        var text = password.value
        let code = text.withUTF8 { input in
            out.withUnsafeMutableBufferPointer { output -> Int32 in
                guard let target = output.baseAddress else { return -1 }
                return salt.withUnsafeBufferPointer { saltBytes in
                    personal.withUnsafeBufferPointer { personalBytes in
                        crypto_generichash_blake2b_salt_personal(
                            target, hashLength, input.baseAddress, UInt64(input.count),
                            nil, 0, saltBytes.baseAddress, personalBytes.baseAddress)
                    }
                }
            }
        }
        guard code == 0 else { throw SQLiteDirectoryError.crypto("BLAKE2b failed (\(code))") }
        return out
    }
}

/// A password's text on its way into the hasher; keeps it out of descriptions.
struct TemporaryPasswordText: CustomStringConvertible {
    let value: String
    init(_ value: String) { self.value = value }
    var description: String { "<redacted>" }
}
