/// The details of the audit entries a Microsoft Graph import writes (`"source": "graph"`),
/// worded once for every backend (docs/graph-import.md).
extension AuditDetail {
    /// A `create` of an imported user: no password issued.
    public static func graphCreated(_ user: User) -> AuditDetail {
        var detail = graph()
        detail.add("displayName", user.attributes.displayName)
        detail.add("usageLocation", user.attributes.usageLocation)
        detail.add("licenses", user.licenses.map(\.partNumber))
        let disabled = user.licenses.flatMap { license in license.disabledPlans.map { "\(license.partNumber):\($0)" } }
        if !disabled.isEmpty { detail.add("disabledPlans", disabled) }
        detail.add("passwordIssued", false)
        return detail
    }

    /// A `restore` of a deleted user the tenant has.
    public static func graphRestored(previousName: String) -> AuditDetail {
        var detail = graph()
        detail.add("previousUserPrincipalName", previousName)
        return detail
    }

    /// An `update` to the tenant's attributes, with the previous name when it changed.
    public static func graphUpdated(_ attributes: UserAttributes, previousName: String?) -> AuditDetail {
        var detail = graph()
        if let previousName { detail.add("previousUserPrincipalName", previousName) }
        detail.add(attributes)
        return detail
    }

    /// A `revoke` of a product the tenant's user no longer holds.
    public static func graphRevoked(_ product: String) -> AuditDetail {
        var detail = graph()
        detail.add("product", product)
        return detail
    }

    /// An `assign` of a product (new, or with other disabled plans).
    public static func graphAssigned(_ license: LicenseAssignment, isNew: Bool) -> AuditDetail {
        var detail = graph()
        detail.add("product", license.partNumber)
        detail.add("disabledPlans", license.disabledPlans)
        detail.add("change", isNew ? "added" : "updated")
        return detail
    }

    /// A `seats-set` from the tenant's subscriptions.
    public static func graphSeatsSet(product: String, seats: Int, previous: Int) -> AuditDetail {
        var detail = graph()
        detail.add("product", product)
        detail.add("seats", seats)
        detail.add("previousSeats", previous)
        return detail
    }

    private static func graph() -> AuditDetail {
        var detail = AuditDetail()
        detail.add("source", "graph")
        return detail
    }
}
