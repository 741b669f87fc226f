/// A new temporary password. Its text is reachable only through ``reveal()``; printing or
/// interpolating the value shows `<redacted>`, so it cannot leak into logs by accident.
public struct TemporaryPassword: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    private let text: String

    /// Wraps an existing password (e.g. Entra's `Initial password` column) after checking it.
    /// - Throws: a `InvalidInput` ``Violation`` when it breaks the rule.
    public init(checking text: String, field: String = "password") throws {
        if let problem = TemporaryPassword.check(text, field: field) { throw problem }
        self.text = text
    }

    private init(unchecked text: String) { self.text = text }

    /// The password itself, for the credentials sheet and the hasher only.
    public func reveal() -> String { text }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }

    /// Length of generated passwords: a first character from 57 letters and digits, then 15
    /// from a 70-symbol alphabet, give log2(57 · 70^15) ≈ 97.8 bits, above the 96 bits the
    /// store's fast hash relies on.
    public static let generatedLength = 16

    static let lower = Array("abcdefghijkmnopqrstuvwxyz")   // no l
    static let upper = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")    // no I, O
    static let digits = Array("23456789")                    // no 0, 1
    static let symbols = Array("!#$%&*+-=?@^_")
    static let alphabet = lower + upper + digits + symbols
    static let leading = lower + upper + digits
    private static let alphabetBytes = Array(String(alphabet).utf8)
    private static let leadingBytes = Array(String(leading).utf8)

    /// Generates a password that meets the rule, drawing every character uniformly from
    /// `random` (the system CSPRNG, `SystemRandomNumberGenerator`, in production; a seeded
    /// generator in tests). Draws again until at least three character classes occur, which
    /// keeps the distribution uniform over the accepted passwords.
    public static func generate<R: RandomNumberGenerator>(using random: inout R) -> TemporaryPassword {
        while true {
            // Bytes, not Characters: every symbol is ASCII, and a million new users each draw one.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(generatedLength)
            // The first character is a letter or digit, so no password starts like a formula
            // (= + - @) and the credentials CSV never has to prefix it with an apostrophe.
            bytes.append(leadingBytes[Int(random.next(upperBound: UInt64(leadingBytes.count)))])
            for _ in 1..<generatedLength {
                bytes.append(alphabetBytes[Int(random.next(upperBound: UInt64(alphabetBytes.count)))])
            }
            // The rule of `check(_:field:)`, on ASCII bytes: a bit per class present.
            var classes: UInt8 = 0
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"): classes |= 1
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): classes |= 2
                case UInt8(ascii: "0")...UInt8(ascii: "9"): classes |= 4
                default: classes |= 8
                }
            }
            if classes.nonzeroBitCount >= 3 { return TemporaryPassword(unchecked: String(decoding: bytes, as: UTF8.self)) }
        }
    }

    /// The rule: 8 to 256 characters, at least three of lower-case, upper-case, digit, symbol.
    public static func check(_ text: String, field: String) -> Violation? {
        if text.count < 8 || text.count > 256 {
            return Violation(.invalidInput, "password must have 8 to 256 characters", field: field)
        }
        var classes = 0
        if text.contains(where: { $0.isLowercase }) { classes += 1 }
        if text.contains(where: { $0.isUppercase }) { classes += 1 }
        if text.contains(where: { $0.isNumber }) { classes += 1 }
        if text.contains(where: { !$0.isLetter && !$0.isNumber }) { classes += 1 }
        if classes < 3 {
            return Violation(.invalidInput,
                             "password must mix at least three of lower-case, upper-case, digits and symbols",
                             field: field)
        }
        return nil
    }
}
