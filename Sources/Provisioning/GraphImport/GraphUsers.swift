import Foundation

/// Microsoft Graph's `GET /users?$select=id,userPrincipalName,displayName,givenName,surname,
/// jobTitle,department,usageLocation,accountEnabled,assignedLicenses` response as users of one
/// customer (https://learn.microsoft.com/graph/api/resources/user).
///
/// The object id is Graph's `id`. Licenses come from `assignedLicenses[].skuId`, matched
/// against the catalog (case-insensitive GUIDs); `disabledPlans[]` GUIDs become the product's
/// service-plan names. A SKU the catalog lacks is an ``UnknownGraphSku`` and a plan it lacks a
/// warning: the user is imported without them, and they are reported. Guest accounts
/// (`#EXT#` in the name) are left out with a warning: a partner does not manage them.
public struct GraphUsers: Sendable {
    /// One imported user with where it is in the files.
    public struct Entry: Sendable, Hashable {
        /// The user, as the store should hold it (no roles, `createdAt` = the import's now).
        public var user: User
        /// `users.json value[3]`.
        public var source: String
    }

    /// The users, in file order.
    public var entries: [Entry]
    /// SKUs the catalog does not have, with how many users hold each.
    public var unknown: [UnknownGraphSku]
    /// Unknown service plans, guests left out.
    public var warnings: [GraphImportWarning]

    /// What one user of the response holds. Properties that may be null are optional; those
    /// the import cannot do without (and that Graph returns only when selected) are required.
    struct GraphUser: Decodable, Sendable {
        struct License: Decodable, Sendable {
            var skuId: String
            var disabledPlans: [String]?
        }
        var id: String
        var userPrincipalName: String
        var displayName: String
        var givenName: String?
        var surname: String?
        var jobTitle: String?
        var department: String?
        var usageLocation: String?
        var accountEnabled: Bool
        var assignedLicenses: [License]
    }

    /// The `$select` the import needs, for messages.
    public static let select = "id,userPrincipalName,displayName,givenName,surname,jobTitle,department,usageLocation,"
        + "accountEnabled,assignedLicenses"

    /// Reads and checks the files.
    /// - Parameters:
    ///   - files: the response's pages, in order (see ``GraphPages``).
    ///   - customer: the customer the users belong to (their names must be in its domains).
    ///   - catalog: the store's products.
    ///   - now: the creation time given to users new to the store.
    /// - Throws: ``GraphImportError`` for a file that is not such a response;
    ///   ``GraphImportErrors`` naming every value that breaks a rule (a name outside the
    ///   customer's domains, an invalid name or location, an id or name given twice).
    public static func read(_ files: [GraphFile], customer: Customer, catalog: [Product], now: Date) throws -> GraphUsers {
        let items: [GraphItem<GraphUser>] = try GraphPages.read(files, resource: "users",
                                                                missingHint: "select it: $select=\(select)")
        let byGUID = Dictionary(catalog.map { ($0.guid, $0) }, uniquingKeysWith: { first, _ in first })
        var result = GraphUsers(entries: [], unknown: [], warnings: [])
        var problems: [GraphImportError] = []
        var ids: [String: String] = [:]
        var names: [String: String] = [:]
        var unknownIndex: [String: Int] = [:]
        for entry in items {
            let graph = entry.item
            func problem(_ field: String, _ message: String) {
                problems.append(GraphImportError(file: entry.file, path: "\(entry.path).\(field)", message: message))
            }
            if graph.userPrincipalName.contains("#EXT#") {
                result.warnings.append(GraphImportWarning(file: entry.file, path: entry.path + ".userPrincipalName",
                                                          message: "guest account left out (guests are not managed here)"))
                continue
            }
            let id = graph.id.lowercased()
            let here = "\(entry.file) \(entry.path)"
            if !isGUID(id) { problem("id", "'\(graph.id)' is not a GUID") }
            if let earlier = ids[id] { problem("id", "\(id) is given twice (first at \(earlier))") }
            ids[id] = ids[id] ?? here
            let upn = graph.userPrincipalName
            if let violation = IdentifierRules.checkUserPrincipalName(upn) {
                problem("userPrincipalName", violation.message)
            } else if let at = upn.lastIndex(of: "@"), !customer.owns(domain: String(upn[upn.index(after: at)...])) {
                problem("userPrincipalName", "'\(upn[upn.index(after: at)...])' is not a domain of customer \(customer.id) "
                        + "(its domains: \(customer.domains.joined(separator: ", "))); add the domain to the customer first")
            }
            if let earlier = names[upn.lowercased()] { problem("userPrincipalName", "'\(upn)' is given twice (first at \(earlier))") }
            names[upn.lowercased()] = names[upn.lowercased()] ?? here
            if let violation = IdentifierRules.checkDisplayName(graph.displayName) { problem("displayName", violation.message) }
            for (field, value) in [("givenName", graph.givenName), ("surname", graph.surname)] {
                if let value, let violation = IdentifierRules.checkName(value, field: field) { problem(field, violation.message) }
            }
            let location = graph.usageLocation.flatMap { $0.isEmpty ? nil : $0.uppercased() }
            if let location, let violation = IdentifierRules.checkUsageLocation(location) {
                problem("usageLocation", violation.message)
            }
            var licenses: [LicenseAssignment] = []
            for (index, license) in graph.assignedLicenses.enumerated() {
                let path = "\(entry.path).assignedLicenses[\(index)]"
                let guid = license.skuId.lowercased()
                guard isGUID(guid) else { problem("assignedLicenses[\(index)].skuId", "'\(license.skuId)' is not a GUID"); continue }
                guard let product = byGUID[guid] else {
                    if let known = unknownIndex[guid] {
                        result.unknown[known].count += 1
                        result.unknown[known].counted = "held by \(result.unknown[known].count) users"
                    } else {
                        unknownIndex[guid] = result.unknown.count
                        result.unknown.append(UnknownGraphSku(skuID: guid, partNumber: nil, count: 1, counted: "held by 1 user",
                                                              file: entry.file, path: path + ".skuId"))
                    }
                    continue
                }
                var disabled: [String] = []
                for (planIndex, planID) in (license.disabledPlans ?? []).enumerated() {
                    if let plan = product.servicePlans.first(where: { $0.id == planID.lowercased() }) {
                        disabled.append(plan.name)
                    } else {
                        result.warnings.append(GraphImportWarning(
                            file: entry.file, path: "\(path).disabledPlans[\(planIndex)]",
                            message: "service plan \(planID) is not one of \(product.partNumber)'s in the catalog; "
                                + "not recorded as disabled"))
                    }
                }
                licenses.append(LicenseAssignment(partNumber: product.partNumber, disabledPlans: disabled))
            }
            let attributes = UserAttributes(displayName: graph.displayName, firstName: graph.givenName, lastName: graph.surname,
                                            jobTitle: graph.jobTitle, department: graph.department, usageLocation: location,
                                            accountEnabled: graph.accountEnabled)
            let user = User(objectID: id, customerID: customer.id, userPrincipalName: upn, attributes: attributes,
                            createdAt: now, mustChangePassword: false, licenses: licenses)
            result.entries.append(Entry(user: user, source: here))
        }
        if !problems.isEmpty { throw GraphImportErrors(problems) }
        return result
    }

    /// Whether `text` is a GUID in the `8-4-4-4-12` hex form.
    static func isGUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        return groups.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isHexDigit } }
    }
}
