/// The rule for operators' sign-in names: 1 to 64 of `A-Z a-z 0-9 . _ - @`, starting with a
/// letter or a digit (a plain name or an e-mail address). Nothing that needs escaping in a
/// terminal, a page or a log line, so a name can be shown as it is.
public enum OperatorName {
    /// The longest name.
    public static let maximumLength = 64

    /// Why `name` is not a valid operator name, or `nil` when it is.
    public static func problem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        if bytes.isEmpty { return "an operator name cannot be empty" }
        if bytes.count > maximumLength {
            return "an operator name has at most \(maximumLength) characters (this one has \(name.count))"
        }
        guard let first = bytes.first, isAlphanumeric(first) else {
            return "an operator name starts with a letter or a digit"
        }
        if !bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_")
                                || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "@") }) {
            return "an operator name holds only A-Z, a-z, 0-9, '.', '_', '-' and '@'"
        }
        return nil
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
