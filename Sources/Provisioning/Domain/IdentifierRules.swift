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

    private static let localPartPunctuation: Set<Character> = ["'", ".", "-", "_", "!", "#", "^", "~"]

    /// Checks a user principal name's syntax and, when `customer` is given, that its domain is
    /// verified for that customer.
    /// - Returns: the problem, or `nil` when valid.
    public static func checkUserPrincipalName(_ upn: String, field: String = "UserPrincipalName",
                                              customer: Customer? = nil) -> Violation? {
        func invalid(_ why: String) -> Violation {
            Violation(.invalidInput, "user name '\(upn)' \(why)", field: field)
        }
        if upn.isEmpty { return Violation(.invalidInput, "user name is required", field: field) }
        if upn.count > maxUserPrincipalName { return invalid("is longer than \(maxUserPrincipalName) characters") }
        let parts = upn.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return invalid("must contain exactly one '@'") }
        let local = parts[0], domain = parts[1]
        if local.isEmpty { return invalid("has an empty part before '@'") }
        if local.count > maxLocalPart { return invalid("has more than \(maxLocalPart) characters before '@'") }
        if let bad = local.first(where: { !($0.isASCII && ($0.isLetter || $0.isNumber)) && !localPartPunctuation.contains($0) }) {
            return invalid("contains '\(bad)', which is not allowed before '@' (A-Z a-z 0-9 ' . - _ ! # ^ ~)")
        }
        if local.hasPrefix(".") { return invalid("may not start with '.'") }
        if local.hasSuffix(".") { return invalid("may not have '.' right before '@'") }
        if domain.isEmpty { return invalid("has no domain after '@'") }
        if domain.count > maxDomain { return invalid("has a domain longer than \(maxDomain) characters") }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let labelOK = labels.count >= 2 && labels.allSatisfy { label in
            !label.isEmpty && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        if !labelOK { return invalid("has an invalid domain '\(domain)'") }
        if let customer, !customer.owns(domain: String(domain)) {
            return Violation(.invalidInput,
                             "domain '\(domain)' of '\(upn)' is not a verified domain of customer \(customer.id)",
                             fix: "use one of: \(customer.domains.joined(separator: ", "))", field: field)
        }
        return nil
    }

    /// Checks a display name: required, at most 256 characters, no control characters.
    public static func checkDisplayName(_ name: String, field: String = "DisplayName") -> Violation? {
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
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
        if value.count > max {
            return Violation(.invalidInput, "\(what) is longer than \(max) characters (\(value.count))", field: field)
        }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return Violation(.invalidInput, "\(what) contains a control character", field: field)
        }
        return nil
    }

    /// Checks a usage location: an ISO 3166-1 alpha-2 code.
    public static func checkUsageLocation(_ code: String, field: String = "UsageLocation") -> Violation? {
        if CountryCode.normalized(code) != nil { return nil }
        return Violation(.invalidInput, "usage location '\(code)' is not an ISO 3166-1 alpha-2 country code",
                         fix: "use a two-letter code such as TW, DE or US", field: field)
    }
}
