import Foundation
import Provisioning

/// An operator's password hash: scrypt with its parameters and a per-hash random salt, encoded
/// in the PHC string format (`$scrypt$ln=15,r=8,p=1$SALT$HASH`, unpadded base64), the form the
/// ``OperatorStore`` keeps. The parameters travel with the hash, so raising
/// ``ScryptParameters/standard`` leaves old hashes verifiable.
public struct PasswordHash: Hashable, Sendable {
    /// The cost parameters the hash was made with.
    public let parameters: ScryptParameters
    /// The salt: ``saltLength`` bytes from the CSPRNG.
    public let salt: [UInt8]
    /// The derived key: ``hashLength`` bytes.
    public let hash: [UInt8]

    /// Salt length in bytes (128 bits).
    public static let saltLength = 16
    /// Derived key length in bytes (256 bits).
    public static let hashLength = 32

    /// A new hash of `password` with a fresh salt from `random`.
    /// - Throws: ``CryptoError``.
    public static func make(_ password: OperatorPassword, parameters: ScryptParameters = .standard,
                            random: RandomSource) throws -> PasswordHash {
        try make(password, parameters: parameters, salt: random.bytes(saltLength))
    }

    /// A new hash of `password` with the given salt (drawn from the CSPRNG by the caller).
    /// - Throws: ``CryptoError``.
    public static func make(_ password: OperatorPassword, parameters: ScryptParameters = .standard,
                            salt: [UInt8]) throws -> PasswordHash {
        if let problem = parameters.problem { throw CryptoError(problem) }
        return PasswordHash(parameters: parameters, salt: salt,
                            hash: try derive(password, salt: salt, parameters: parameters))
    }

    /// Whether `password` is the one hashed, compared in constant time.
    /// - Throws: ``CryptoError``.
    public func verify(_ password: OperatorPassword) throws -> Bool {
        LibCrypto.constantTimeEqual(try Self.derive(password, salt: salt, parameters: parameters), hash)
    }

    /// scrypt of the password's UTF-8 (in Unicode normalization form C, so that the same typed
    /// text hashes alike whatever the input method composed).
    static func derive(_ password: OperatorPassword, salt: [UInt8], parameters: ScryptParameters) throws -> [UInt8] {
        try LibCrypto.scrypt(password: password.normalizedBytes, salt: salt, n: parameters.n,
                             r: UInt64(parameters.r), p: UInt64(parameters.p), length: hashLength)
    }

    // MARK: The encoded form

    /// `$scrypt$ln=…,r=…,p=…$SALT$HASH`.
    public var encoded: String {
        "$scrypt$\(parameters)$\(Self.base64(salt))$\(Self.base64(hash))"
    }

    /// Reads an encoded hash.
    /// - Returns: `nil` when the text is not a well-formed scrypt hash with usable parameters.
    public init?(encoded text: String) {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "scrypt" else { return nil }
        var values: [String: Int] = [:]
        for pair in parts[2].split(separator: ",") {
            let field = pair.split(separator: "=", maxSplits: 1)
            guard field.count == 2, let value = Int(field[1]), values[String(field[0])] == nil else { return nil }
            values[String(field[0])] = value
        }
        guard values.count == 3, let logN = values["ln"], let r = values["r"], let p = values["p"] else { return nil }
        let parameters = ScryptParameters(logN: logN, r: r, p: p)
        guard parameters.problem == nil, let salt = Self.unbase64(parts[3]), let hash = Self.unbase64(parts[4]),
              salt.count >= 8, hash.count == Self.hashLength else { return nil }
        self.init(parameters: parameters, salt: salt, hash: hash)
    }

    init(parameters: ScryptParameters, salt: [UInt8], hash: [UInt8]) {
        self.parameters = parameters
        self.salt = salt
        self.hash = hash
    }

    private static func base64(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    private static func unbase64(_ text: Substring) -> [UInt8]? {
        guard !text.contains("=") else { return nil }
        let padded = String(text) + String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: padded).map { Array($0) }
    }
}

extension PasswordHash: CustomStringConvertible {
    /// The parameters only: a hash in a log line helps nobody but an attacker.
    public var description: String { "scrypt hash (\(parameters))" }
}
