/// The rules a customer's own identifiers follow, as checks that return violations naming the
/// field. Fields are named as the columns of `customers.csv` (``Field``), so that an import
/// can point at the column and the command line at its option.
///
/// - Customer id: a slug of 2-64 lower-case ASCII letters, digits and `-`, neither first nor
///   last (`contoso`, `fabrikam-de`). It names the customer in every command, in lock file
///   names and in report file names, so it stays plain.
/// - Name: required, at most 256 characters, no control characters.
/// - Domain: a DNS name of RFC 1035 labels (letters, digits and `-`, neither first nor last in
///   a label; a leading digit allowed as RFC 1123 allows it), at least two labels separated by
///   dots, the last not all digits, at most 48 characters (the domain part a user principal
///   name may have: ``IdentifierRules/maxDomain``). Stored lower-cased.
/// - Default usage location: an ISO 3166-1 alpha-2 code (names are resolved before, by the
///   caller, through ``CountryNames``).
public enum CustomerRules {
    /// The fields a violation may name.
    public enum Field {
        /// The customer id.
        public static let id = "Id"
        /// The organisation's name.
        public static let name = "Name"
        /// The default usage location.
        public static let location = "DefaultUsageLocation"
        /// The verified domains.
        public static let domains = "Domains"
        /// The customer of a subscription.
        public static let customer = "Customer"
        /// The product of a subscription.
        public static let product = "Product"
        /// The seats of a subscription.
        public static let seats = "Seats"
    }

    /// Shortest and longest customer id.
    public static let idLength = 2...64
    /// Longest customer name.
    public static let maxName = 256

    /// Checks a customer id against the slug rule.
    public static func checkID(_ id: String) -> Violation? {
        if isSlug(id) { return nil }
        let lower = id.lowercased()
        return Violation(.invalidInput,
                         "customer id '\(id)' must be 2-64 of lower-case a-z, 0-9 and '-', not starting or ending with '-'",
                         fix: isSlug(lower) ? "use '\(lower)'" : "e.g. contoso or fabrikam-de", field: Field.id)
    }

    private static func isSlug(_ id: String) -> Bool {
        idLength.contains(id.utf8.count) && !id.hasPrefix("-") && !id.hasSuffix("-")
            && id.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") }
    }

    /// Checks a customer's name.
    public static func checkName(_ name: String) -> Violation? {
        if name.isBlank { return Violation(.invalidInput, "a customer needs a name", field: Field.name) }
        return IdentifierRules.checkLength(name, max: maxName, what: "customer name", field: Field.name)
    }

    /// Checks a domain name (see the type's documentation for the rule).
    public static func checkDomain(_ domain: String) -> Violation? {
        let rule = "a domain is labels of letters, digits and '-' (not first or last in a label) "
            + "separated by dots, at least two, at most \(IdentifierRules.maxDomain) characters"
        func refuse(_ why: String) -> Violation {
            Violation(.invalidInput, "domain '\(domain)' \(why)", fix: rule, field: Field.domains)
        }
        if domain.isEmpty { return refuse("is empty") }
        if domain.unicodeScalars.contains(where: { !$0.isASCII }) {
            return Violation(.invalidInput, "domain '\(domain)' is not ASCII",
                             fix: "give an internationalised domain in its xn-- (punycode) form", field: Field.domains)
        }
        if domain.utf8.count > IdentifierRules.maxDomain {
            return refuse("is longer than \(IdentifierRules.maxDomain) characters (\(domain.utf8.count))")
        }
        let valid = Array(domain.utf8).withUnsafeBufferPointer { IdentifierRules.isDomain($0) }
        if !valid { return refuse("is not a domain name") }
        if let last = domain.split(separator: ".").last, last.allSatisfy(\.isNumber) {
            return refuse("ends in a numeric label '\(last)' (an IP address is not a domain)")
        }
        return nil
    }

    /// Checks a default usage location (already resolved from a name, when it was one).
    public static func checkLocation(_ code: String) -> Violation? {
        guard CountryCode.normalized(code) == nil else { return nil }
        return Violation(.invalidInput, "location '\(code)' is not an ISO 3166-1 alpha-2 country code or a country name",
                         fix: "use a two-letter code such as TW, DE or US, or a name such as Taiwan", field: Field.location)
    }

    /// Checks every field of a new customer: id, name, location, and its domains (at least
    /// one, none twice).
    public static func check(_ customer: Customer) -> Violation? {
        if let problem = checkID(customer.id) ?? checkName(customer.name) ?? checkLocation(customer.defaultUsageLocation) {
            return problem
        }
        if customer.domains.isEmpty {
            return Violation(.invalidInput, "customer \(customer.id) needs at least one verified domain", field: Field.domains)
        }
        var seen = Set<String>()
        for domain in customer.domains {
            if let problem = checkDomain(domain) { return problem }
            if !seen.insert(domain).inserted {
                return Violation(.invalidInput, "domain '\(domain)' is listed twice for customer \(customer.id)",
                                 field: Field.domains)
            }
        }
        return nil
    }
}
