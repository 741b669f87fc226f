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

    /// Generates a password that meets the rule, drawing every character uniformly from
    /// `random` (the system CSPRNG, `SystemRandomNumberGenerator`, in production; a seeded
    /// generator in tests). Draws again until at least three character classes occur, which
    /// keeps the distribution uniform over the accepted passwords.
    public static func generate<R: RandomNumberGenerator>(using random: inout R) -> TemporaryPassword {
        while true {
            var characters: [Character] = []
            characters.reserveCapacity(generatedLength)
            // The first character is a letter or digit, so no password starts like a formula
            // (= + - @) and the credentials CSV never has to prefix it with an apostrophe.
            characters.append(leading[Int(random.next(upperBound: UInt64(leading.count)))])
            for _ in 1..<generatedLength {
                characters.append(alphabet[Int(random.next(upperBound: UInt64(alphabet.count)))])
            }
            let candidate = String(characters)
            if check(candidate, field: "password") == nil { return TemporaryPassword(unchecked: candidate) }
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
