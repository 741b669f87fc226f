/// The licenses a user would end with, and how that differs from what it holds.
struct LicenseDiff {
    /// The final set, sorted by part number.
    var target: [LicenseAssignment] = []
    /// Newly held products.
    var added: [LicenseAssignment] = []
    /// Held products whose disabled plans change.
    var changed: [LicenseAssignment] = []
    /// Products no longer held.
    var removed: [LicenseAssignment] = []
    /// Products held before and after, as they are.
    var unchanged: [LicenseAssignment] = []
    /// Problems naming products or plans.
    var violations: [Violation] = []

    /// Whether the licenses change at all.
    var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

    /// Computes the diff of a request's `Licenses`/`RemoveLicenses` against `current`,
    /// resolving product and plan names in `catalog`.
    /// - Parameter exact: whether the requested products are the whole set, so that products
    ///   held and not named are removed. A request that holds no licenses (`none`) removes
    ///   every product either way.
    init(current: [LicenseAssignment], request: UserRequest, exact: Bool, catalog: ProductCatalog) {
        if current.isEmpty && request.removeLicenses.isEmpty {
            self = LicenseDiff(adding: request.addLicenses, catalog: catalog)
            return
        }
        var final: [String: [String]] = [:]
        for license in current { final[license.partNumber] = license.disabledPlans }
        var requested = Set<String>()
        for add in request.addLicenses {
            guard let license = resolve(add, catalog: catalog) else { continue }
            final[license.partNumber] = license.disabledPlans
            requested.insert(license.partNumber)
        }
        for name in request.removeLicenses {
            switch catalog.resolve(name, field: "RemoveLicenses") {
            case .failure(let violation): violations.append(violation)
            case .success(let product):
                if requested.contains(product.partNumber) {
                    violations.append(Violation(.invalidInput,
                                                "\(product.partNumber) is both in Licenses and in RemoveLicenses",
                                                field: "RemoveLicenses"))
                }
                final.removeValue(forKey: product.partNumber)
            }
        }
        if exact || request.holdsNoLicenses {
            for partNumber in final.keys where !requested.contains(partNumber) { final.removeValue(forKey: partNumber) }
        }
        target = final.keys.sorted().map { LicenseAssignment(partNumber: $0, disabledPlans: final[$0] ?? []) }
        let before = Dictionary(current.map { ($0.partNumber, $0) }, uniquingKeysWith: { first, _ in first })
        for license in target {
            if let held = before[license.partNumber] {
                if held.disabledPlans == license.disabledPlans { unchanged.append(license) } else { changed.append(license) }
            } else {
                added.append(license)
            }
        }
        removed = current.filter { final[$0.partNumber] == nil }.sorted { $0.partNumber < $1.partNumber }
    }

    /// The diff of a user holding nothing and removing nothing (every new user): the target is
    /// what the row names, the later of repeated products winning, as in the general case.
    private init(adding requests: [LicenseRequest], catalog: ProductCatalog) {
        var chosen: [LicenseAssignment] = []
        for add in requests {
            guard let license = resolve(add, catalog: catalog) else { continue }
            if let index = chosen.firstIndex(where: { $0.partNumber == license.partNumber }) {
                chosen[index] = license
            } else {
                chosen.append(license)
            }
        }
        target = chosen.count > 1 ? chosen.sorted { $0.partNumber < $1.partNumber } : chosen
        added = target
    }

    /// A requested product with its disabled plans resolved in `catalog`; `nil`, with the
    /// violation recorded, when either does not resolve.
    private mutating func resolve(_ add: LicenseRequest, catalog: ProductCatalog) -> LicenseAssignment? {
        switch catalog.resolve(add.product, field: "Licenses") {
        case .failure(let violation):
            violations.append(violation)
            return nil
        case .success(let product):
            switch catalog.resolvePlans(add.disabledPlans, in: product, field: "DisabledPlans") {
            case .failure(let violation):
                violations.append(violation)
                return nil
            case .success(let plans):
                return LicenseAssignment(partNumber: product.partNumber, disabledPlans: plans)
            }
        }
    }
}
