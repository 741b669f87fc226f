import Foundation

/// A password typed by an operator, on its way into the hasher or the login check.
///
/// It keeps the text out of every description, interpolation and dump (`<redacted>`), so an
/// error or a log line that mentions it by mistake shows nothing. The text is reachable only
/// as bytes for the KDF and through the rules of ``problem(operatorName:)``.
public struct OperatorPassword: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
                                CustomReflectable {
    private let text: String

    /// The fewest characters a password may have (NIST SP 800-63B asks for at least 8; the
    /// portal signs in with a password alone, so more).
    public static let minimumLength = 12
    /// The most characters: longer inputs only cost the server time.
    public static let maximumLength = 256

    /// Wraps typed text.
    public init(_ text: String) { self.text = text }

    /// Why this password may not be set for the operator `operatorName`, or `nil`: the length,
    /// no control characters, and not the operator's name. The text never quotes the password.
    public func problem(operatorName: String) -> String? {
        let count = text.count
        if count < Self.minimumLength {
            return "it is too short: \(count) characters, at least \(Self.minimumLength)"
        }
        if count > Self.maximumLength { return "it is too long: \(count) characters, at most \(Self.maximumLength)" }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "it holds a control character"
        }
        if text.lowercased() == operatorName.lowercased() { return "it is the operator's name" }
        return nil
    }

    /// The UTF-8 of the text in Unicode normalization form C (what scrypt hashes).
    var normalizedBytes: [UInt8] { Array(text.precomposedStringWithCanonicalMapping.utf8) }

    /// Whether two typed passwords are the same text (the confirmation line), in constant time.
    public func matches(_ other: OperatorPassword) -> Bool {
        LibCrypto.constantTimeEqual(normalizedBytes, other.normalizedBytes)
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
