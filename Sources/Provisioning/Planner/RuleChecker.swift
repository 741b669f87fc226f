/// Checks a user's final set of licenses against the catalog's licensing rules.
///
/// The check runs on the state the user would end in, so a removal or a disabled plan that
/// leaves another assignment without what it needs is caught as a `DependencyViolation`
/// exactly like an addition that lacks its prerequisite.
public struct RuleChecker: Sendable {
    private let rules: LicensingRules
    private let catalog: ProductCatalog

    /// Creates a checker.
    public init(rules: LicensingRules, catalog: ProductCatalog) {
        self.rules = rules
        self.catalog = catalog
    }

    /// The violations of `licenses` held by a user at `usageLocation`.
    /// - Parameter usageLocation: the user's location; `nil` with any license is `UsageLocationRequired`.
    public func check(_ licenses: [LicenseAssignment], usageLocation: String?) -> [Violation] {
        if licenses.isEmpty { return [] }
        guard let location = usageLocation, !location.isEmpty else {
            return [Violation(.usageLocationRequired, "the user has no usage location, so it cannot hold licenses",
                              fix: "set UsageLocation to the user's country (ISO 3166-1 alpha-2)", field: "UsageLocation")]
        }
        let products = Set(licenses.map(\.partNumber))
        var plans = Set<String>()
        var planOwners: [String: [String]] = [:]
        for license in licenses {
            guard let product = catalog.product(partNumber: license.partNumber) else { continue }
            for plan in product.servicePlans where !license.disabledPlans.contains(plan.name) {
                plans.insert(plan.name)
                planOwners[plan.name, default: []].append(product.displayName)
            }
        }
        func holds(_ subject: RuleSubject) -> Bool {
            switch subject {
            case .product(let name): return products.contains(name)
            case .plan(let name): return plans.contains(name)
            }
        }
        func describe(_ subject: RuleSubject) -> String {
            switch subject {
            case .product(let name): return catalog.product(partNumber: name)?.displayName ?? name
            case .plan(let name):
                let owners = planOwners[name].map { " (in \(Set($0).sorted().joined(separator: ", ")))" } ?? ""
                return "service plan \(name)\(owners)"
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
                if products.contains(product) && locations.contains(location) {
                    violations.append(Violation(.prohibitedInUsageLocationViolation,
                                                "\(describe(.product(product))) is not sold in \(location)",
                                                fix: "choose another product or usage location", field: "Licenses"))
                }
            }
        }
        return violations
    }
}
