/// Salted BLAKE2b-256 of temporary passwords (``BLAKE2b``, RFC 7693: the function libsodium's
/// `crypto_generichash_blake2b_salt_personal` computes, which earlier builds linked).
///
/// Why not Argon2: a slow hash protects guessable, human-chosen passwords. Ours are drawn by
/// the CSPRNG with at least 96 bits of entropy (``TemporaryPassword/generatedLength``), so an
/// attacker holding the store cannot enumerate them at any hash speed, and a million new users
/// must not wait ~0.5 s each for Argon2. Each hash gets its own random 16-byte salt (BLAKE2b's
/// salt parameter) and a fixed personalization string, so equal passwords never hash alike and
/// the digests cannot be reused for anything else. See `docs/store.md`.
///
/// Shared by every backend (SQLite, PostgreSQL): the same scheme, the same bytes, so a store
/// copied from one to the other keeps every hash verifying.
public enum PasswordHasher {
    /// The scheme number stored next to each hash (`users.password_scheme`), so a later build
    /// can tell hashes apart and migrate: 1 = salted, personalized BLAKE2b-256 as below.
    public static let scheme: Int64 = 1
    /// Salt length: BLAKE2b's salt parameter size.
    public static let saltLength = 16
    /// Digest length.
    public static let hashLength = 32
    /// BLAKE2b personalization: 16 bytes naming the purpose.
    private static let personal: [UInt8] = Array("provision.pw.v1.".utf8)

    /// A salted hash of `password`, with a salt from `salts` (a fresh source when not given).
    /// - Throws: nothing today (the system CSPRNG does not fail); kept so a source that can fail fits.
    /// - Complexity: one BLAKE2b over the password (~1 µs), and a `getrandom` per 256 salts.
    public static func hash(_ password: TemporaryPasswordText, salts: SaltSource = SaltSource()) throws
        -> (salt: [UInt8], hash: [UInt8]) {
        let salt = try salts.next()
        return (salt, try digest(password, salt: salt))
    }

    /// Salts from the system CSPRNG (`SystemRandomNumberGenerator`: the kernel's `getrandom`),
    /// drawn a block at a time: a million new users made a million system calls when each drew
    /// its own 16 bytes.
    public final class SaltSource {
        /// Creates a source; it draws its first block on first use.
        public init() {}

        private var block: [UInt8] = []
        private var offset = 0

        /// The next unused 16 random bytes.
        public func next() throws -> [UInt8] {
            if offset + saltLength > block.count {
                var system = SystemRandomNumberGenerator()
                var words = [UInt64](repeating: 0, count: saltLength * 256 / 8)
                for index in words.indices { words[index] = system.next() }
                block = words.withUnsafeBytes { Array($0) }
                offset = 0
            }
            defer { offset += saltLength }
            return Array(block[offset..<offset + saltLength])
        }
    }

    /// Whether `password` hashes to `hash` under `salt`, compared in constant time.
    public static func verify(_ password: TemporaryPasswordText, salt: [UInt8], hash: [UInt8]) throws -> Bool {
        guard salt.count == saltLength, hash.count == hashLength else { return false }
        let candidate = try digest(password, salt: salt)
        var difference: UInt8 = 0
        for index in 0..<hashLength { difference |= candidate[index] ^ hash[index] }
        return difference == 0
    }

    private static func digest(_ password: TemporaryPasswordText, salt: [UInt8]) throws -> [UInt8] {
        var hasher = BLAKE2b(length: hashLength, salt: salt, personal: personal)
        var text = password.value
        text.withUTF8 { hasher.update($0) }
        return hasher.finish()
    }
}

/// A password's text on its way into the hasher; keeps it out of descriptions.
public struct TemporaryPasswordText: CustomStringConvertible, Sendable {
    /// The password.
    public let value: String
    /// Wraps a password.
    public init(_ value: String) { self.value = value }
    public var description: String { "<redacted>" }
}
