import Foundation

/// The identifier rules of DESIGN.md, as checks that return violations naming the field.
///
/// User principal name: local part of A-Z a-z 0-9 and `' . - _ ! # ^ ~`, no `.` first or
/// right before `@`, at most 64 characters; `@`; a domain the customer owns, at most 48;
/// 113 in total. Display name required, at most 256; first and last name at most 64;
/// usage location an ISO 3166-1 alpha-2 code.
public enum IdentifierRules {
    /// Longest local part.
    public static let maxLocalPart = 64
    /// Longest domain part.
    public static let maxDomain = 48
    /// Longest user principal name.
    public static let maxUserPrincipalName = 113
    /// Longest display name.
    public static let maxDisplayName = 256
    /// Longest first or last name.
    public static let maxName = 64
    /// Longest job title (Microsoft Graph's limit).
    public static let maxJobTitle = 128
    /// Longest department (Microsoft Graph's limit).
    public static let maxDepartment = 64

    /// Checks a user principal name's syntax and, when `customer` is given, that its domain is
    /// verified for that customer.
    /// - Returns: the problem, or `nil` when valid.
    /// - Complexity: O(n) over the UTF-8 bytes; every valid name is ASCII.
    public static func checkUserPrincipalName(_ upn: String, field: String = "UserPrincipalName",
                                              customer: Customer? = nil) -> Violation? {
        if upn.isEmpty { return Violation(.invalidInput, "user name is required", field: field) }
        var text = upn
        // On the contiguous UTF-8 of the name: no copies for the million valid names of a file.
        let problem: String? = text.withUTF8 { bytes in
            var at = -1
            for index in bytes.indices where bytes[index] == UInt8(ascii: "@") {
                if at >= 0 { return "must contain exactly one '@'" }
                at = index
            }
            guard at >= 0 else { return "must contain exactly one '@'" }
            let local = UnsafeBufferPointer(rebasing: bytes[..<at]), domain = UnsafeBufferPointer(rebasing: bytes[(at + 1)...])
            if local.isEmpty { return "has an empty part before '@'" }
            if local.contains(where: { !isLocalPartByte($0) }) {
                let shown = upn.prefix { $0 != "@" }.first { !($0.isASCII && $0.utf8.allSatisfy(isLocalPartByte)) }
                    .map(Self.visible) ?? "?"
                return "contains \(shown), which is not allowed before '@' (A-Z a-z 0-9 ' . - _ ! # ^ ~)"
            }
            if bytes.count > maxUserPrincipalName { return "is longer than \(maxUserPrincipalName) characters" }
            if local.count > maxLocalPart { return "has more than \(maxLocalPart) characters before '@'" }
            if local.first == UInt8(ascii: ".") { return "may not start with '.'" }
            if local.last == UInt8(ascii: ".") { return "may not have '.' right before '@'" }
            if domain.isEmpty { return "has no domain after '@'" }
            if domain.count > maxDomain { return "has a domain longer than \(maxDomain) characters" }
            if !isDomain(domain) { return "has an invalid domain '\(String(decoding: domain, as: UTF8.self))'" }
            return nil
        }
        if let problem { return Violation(.invalidInput, "user name '\(upn)' \(problem)", field: field) }
        if let customer {
            let domainText = String(upn.utf8.drop { $0 != UInt8(ascii: "@") }.dropFirst())!
            if !customer.owns(domain: domainText) {
                return Violation(.invalidInput,
                                 "domain '\(domainText)' of '\(upn)' is not a verified domain of customer \(customer.id)",
                                 fix: "use one of: \(customer.domains.joined(separator: ", "))", field: field)
            }
        }
        return nil
    }

    /// At least two labels separated by dots, each non-empty, of letters, digits and hyphens,
    /// neither starting nor ending with a hyphen (also ``CustomerRules/checkDomain(_:)``'s rule).
    static func isDomain(_ domain: UnsafeBufferPointer<UInt8>) -> Bool {
        var labels = 1, labelStart = true, previous: UInt8 = 0
        for byte in domain {
            if byte == UInt8(ascii: ".") {
                if labelStart || previous == UInt8(ascii: "-") { return false }
                labels += 1
                labelStart = true
            } else {
                guard isAlphanumeric(byte) || byte == UInt8(ascii: "-") else { return false }
                if labelStart && byte == UInt8(ascii: "-") { return false }
                labelStart = false
            }
            previous = byte
        }
        return labels >= 2 && !labelStart && previous != UInt8(ascii: "-")
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func isLocalPartByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "!"),
             UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "~"):
            return true
        default:
            return isAlphanumeric(byte)
        }
    }

    /// Checks a display name: required, at most 256 characters, no control characters.
    public static func checkDisplayName(_ name: String, field: String = "DisplayName") -> Violation? {
        if name.isBlank {
            return Violation(.invalidInput, "display name is required", field: field)
        }
        return checkLength(name, max: maxDisplayName, what: "display name", field: field)
    }

    /// Checks a first or last name: at most 64 characters, no control characters.
    public static func checkName(_ name: String, field: String) -> Violation? {
        checkLength(name, max: maxName, what: field, field: field)
    }

    /// Checks a free-text attribute (job title, department): at most `max`, no control characters.
    public static func checkLength(_ value: String, max: Int, what: String, field: String) -> Violation? {
        // Bytes bound characters from above, so the character count is needed only for long text.
        if value.utf8.count > max, value.count > max {
            return Violation(.invalidInput, "\(what) is longer than \(max) characters (\(value.count))", field: field)
        }
        if containsControl(value) {
            return Violation(.invalidInput, "\(what) contains a control character", field: field)
        }
        return nil
    }

    /// A character as a message shows it: quoted when it can be seen (`'<'`, `' '`), else
    /// its code points (`U+FEFF`), so that a byte-order mark or a zero-width space in a
    /// user name is not an empty pair of quotes.
    static func visible(_ character: Character) -> String {
        let hidden = character.unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate:
                return true
            case .spaceSeparator:
                return scalar != " "
            default:
                return false
            }
        }
        guard hidden else { return "'\(character)'" }
        return character.unicodeScalars.map { "U+" + String(format: "%04X", $0.value) }.joined(separator: " ")
    }

    /// Whether `text` holds a control character (Unicode category Cc: C0, DEL, C1), found on the
    /// UTF-8 bytes: C0 and DEL are single bytes, C1 is `C2 80`…`C2 9F`.
    static func containsControl(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var previous: UInt8 = 0
            for byte in bytes {
                if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F) { return true }
                previous = byte
            }
            return false
        }
    }

    /// Checks a usage location: an ISO 3166-1 alpha-2 code.
    public static func checkUsageLocation(_ code: String, field: String = "UsageLocation") -> Violation? {
        if CountryCode.normalized(code) != nil { return nil }
        return Violation(.invalidInput, "usage location '\(code)' is not an ISO 3166-1 alpha-2 country code",
                         fix: "use a two-letter code such as TW, DE or US", field: field)
    }
}
