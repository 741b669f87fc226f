/// Checks a user's final set of licenses against the catalog's licensing rules.
///
/// The check runs on the state the user would end in, so a removal or a disabled plan that
/// leaves another assignment without what it needs is caught as a `DependencyViolation`
/// exactly like an addition that lacks its prerequisite.
public struct RuleChecker: Sendable {
    private let rules: LicensingRules
    private let catalog: ProductCatalog
    /// Per product, the names of its service plans that some rule mentions: the only plans
    /// whose state matters, so a user's check touches a handful of names, not every plan.
    private let relevantPlans: [String: [String]]

    /// Creates a checker.
    public init(rules: LicensingRules, catalog: ProductCatalog) {
        self.rules = rules
        self.catalog = catalog
        var mentioned = Set<String>()
        func note(_ subject: RuleSubject) { if case .plan(let name) = subject { mentioned.insert(name) } }
        for rule in rules.rules {
            switch rule {
            case let .requires(subject, anyOf, _): note(subject); anyOf.forEach(note)
            case let .excludes(a, b, _): note(a); note(b)
            case .notSoldIn: break
            }
        }
        var relevant: [String: [String]] = [:]
        for product in catalog.allProducts {
            let plans = product.servicePlans.map(\.name).filter(mentioned.contains)
            if !plans.isEmpty { relevant[product.partNumber] = plans }
        }
        relevantPlans = relevant
    }

    /// The violations of `licenses` held by a user at `usageLocation`.
    /// - Parameter usageLocation: the user's location; `nil` with any license is `UsageLocationRequired`.
    /// - Complexity: O(rules × licenses), independent of how many plans the products have.
    public func check(_ licenses: [LicenseAssignment], usageLocation: String?) -> [Violation] {
        if licenses.isEmpty { return [] }
        guard let location = usageLocation, !location.isEmpty else {
            return [Violation(.usageLocationRequired, "the user has no usage location, so it cannot hold licenses",
                              fix: "set UsageLocation to the user's country (ISO 3166-1 alpha-2)", field: "UsageLocation")]
        }
        if rules.rules.isEmpty { return [] }
        var plans: [String] = []
        for license in licenses {
            for plan in relevantPlans[license.partNumber] ?? [] where !license.disabledPlans.contains(plan) {
                plans.append(plan)
            }
        }
        func holds(_ subject: RuleSubject) -> Bool {
            switch subject {
            case .product(let name): return licenses.contains { $0.partNumber == name }
            case .plan(let name): return plans.contains(name)
            }
        }
        func describe(_ subject: RuleSubject) -> String {
            switch subject {
            case .product(let name): return catalog.product(partNumber: name)?.displayName ?? name
            case .plan(let name):
                let owners = licenses.filter { license in
                    !license.disabledPlans.contains(name) && (relevantPlans[license.partNumber] ?? []).contains(name)
                }.map { catalog.product(partNumber: $0.partNumber)?.displayName ?? $0.partNumber }
                return "service plan \(name)" + (owners.isEmpty ? "" : " (in \(Set(owners).sorted().joined(separator: ", ")))")
            }
        }
        var violations: [Violation] = []
        for rule in rules.rules {
            switch rule {
            case let .requires(subject, anyOf, note):
                if holds(subject) && !anyOf.contains(where: holds) {
                    let needed = anyOf.map(\.description).joined(separator: " or ")
                    violations.append(Violation(.dependencyViolation,
                                                "\(describe(subject)) needs \(needed), which the user would not have enabled" + (note.isEmpty ? "" : " (\(note))"),
                                                fix: "also assign or enable \(needed), or remove \(subject)", field: "Licenses"))
                }
            case let .excludes(a, b, note):
                if holds(a) && holds(b) {
                    violations.append(Violation(.mutuallyExclusiveViolation,
                                                "\(describe(a)) and \(describe(b)) cannot be enabled together" + (note.isEmpty ? "" : " (\(note))"),
                                                fix: "keep only one of them, or disable one plan", field: "Licenses"))
                }
            case let .notSoldIn(product, locations, _):
                if holds(.product(product)) && locations.contains(location) {
                    violations.append(Violation(.prohibitedInUsageLocationViolation,
                                                "\(describe(.product(product))) is not sold in \(location)",
                                                fix: "choose another product or usage location", field: "Licenses"))
                }
            }
        }
        return violations
    }
}
