/// What a rule talks about: a product (SKU) a user holds, or a service plan enabled for the
/// user through any held product.
public enum RuleSubject: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A product by part number, e.g. `product:EXCHANGESTANDARD`.
    case product(String)
    /// A service plan by name, e.g. `plan:MCOSTANDARD`.
    case plan(String)

    /// Parses `product:NAME` or `plan:NAME`.
    public init?(text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[1].isEmpty else { return nil }
        switch parts[0].lowercased() {
        case "product": self = .product(parts[1])
        case "plan": self = .plan(parts[1])
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .product(let name): return "product:\(name)"
        case .plan(let name): return "plan:\(name)"
        }
    }
}

/// One licensing rule, loaded from data (`SampleData/licensing-rules.csv`, see `docs/rules.md`).
public enum LicensingRule: Hashable, Sendable, Codable {
    /// `subject`, when held or enabled, needs at least one of `anyOf` held or enabled too
    /// (`DependencyViolation`).
    case requires(RuleSubject, anyOf: [RuleSubject], note: String)
    /// `a` and `b` cannot both be held or enabled for one user (`MutuallyExclusiveViolation`).
    case excludes(RuleSubject, RuleSubject, note: String)
    /// The product is not sold in these usage locations (`ProhibitedInUsageLocationViolation`).
    case notSoldIn(product: String, locations: [String], note: String)
}

/// The licensing rules of a catalog.
public struct LicensingRules: Hashable, Sendable, Codable {
    /// The rules, in file order.
    public var rules: [LicensingRule]

    /// Creates a rule set.
    public init(rules: [LicensingRule] = []) {
        self.rules = rules
    }
}
