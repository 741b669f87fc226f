/// A mail address for the credentials message: an RFC 5322 `addr-spec` (dot-atom local
/// part, host name domain), optionally with a display name, as in `Ana Ruiz <ana@contoso.com>`.
///
/// Deliberately narrower than RFC 5322: no quoted local parts, no domain literals, no
/// comments, ASCII only (use the `xn--` form of an international domain), and the domain
/// must have a dot. What it accepts can go into a header without escaping and cannot
/// smuggle in another header or recipient.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The `local@domain` part.
    public let address: String
    /// The name shown to people, if any.
    public let displayName: String?

    private static let atomSymbols = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    /// Parses and checks `text`.
    /// - Throws: ``ReportError/invalidMailAddress(_:reason:)`` saying what is wrong.
    public init(_ text: String) throws {
        let trimmed = text.trimmingSpaces
        var name: String?
        var spec = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            spec = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var shown = String(trimmed[..<open]).trimmingSpaces
            if shown.count >= 2, shown.hasPrefix("\""), shown.hasSuffix("\"") { shown = String(shown.dropFirst().dropLast()) }
            if shown.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\"" || $0 == "\\" || $0.value == 0x7F }) {
                throw ReportError.invalidMailAddress(text, reason: "the name contains quotes, backslashes or control characters")
            }
            name = shown.isEmpty ? nil : shown
        }
        if let problem = MailAddress.problem(in: spec) { throw ReportError.invalidMailAddress(text, reason: problem) }
        address = spec
        displayName = name
    }

    /// Why `spec` is not an acceptable `local@domain`, or `nil` when it is.
    static func problem(in spec: String) -> String? {
        guard spec.unicodeScalars.allSatisfy(\.isASCII) else {
            return "only ASCII addresses are supported (write an international domain in its xn-- form)"
        }
        let parts = spec.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return "it needs exactly one @" }
        let (local, domain) = (parts[0], parts[1])
        guard !local.isEmpty, local.count <= 64 else { return "the part before @ must have 1 to 64 characters" }
        guard spec.count <= 254 else { return "it is longer than 254 characters" }
        for atom in local.split(separator: ".", omittingEmptySubsequences: false) {
            guard !atom.isEmpty else { return "the part before @ has a misplaced dot" }
            guard atom.unicodeScalars.allSatisfy({ isAlphanumeric($0) || atomSymbols.contains($0) }) else {
                return "the part before @ may hold letters, digits and !#$%&'*+-/=?^_`{|}~ only"
            }
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return "the domain must be fully qualified, like contoso.com" }
        for label in labels {
            guard !label.isEmpty, label.count <= 63 else { return "the domain has an empty or over-long label" }
            guard label.unicodeScalars.allSatisfy({ isAlphanumeric($0) || $0 == "-" }),
                  label.first != "-", label.last != "-" else {
                return "the domain may hold letters, digits and inner hyphens only"
            }
        }
        return nil
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// The domain part, for the `Message-ID`.
    var domain: String { String(address.split(separator: "@").last ?? "") }

    /// `Name <local@domain>` or `local@domain`.
    public var description: String {
        displayName.map { "\($0) <\(address)>" } ?? address
    }

    /// The sender used when none is given.
    public static let defaultSender = MailAddress(trusted: "provision@localhost.localdomain", name: "provision")

    private init(trusted address: String, name: String?) {
        self.address = address
        self.displayName = name
    }
}

private extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
