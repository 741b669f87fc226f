/// A product (SKU) from Microsoft's licensing catalog, e.g. `SPE_E3` "Microsoft 365 E3".
public struct Product: Codable, Hashable, Sendable {
    /// The part number (`String_Id` in Microsoft's file), e.g. `SPE_E3`.
    public var partNumber: String
    /// The SKU GUID, lower-cased.
    public var guid: String
    /// The display name, e.g. `Microsoft 365 E3`.
    public var displayName: String
    /// The service plans the product includes.
    public var servicePlans: [ServicePlan]

    /// Creates a product.
    public init(partNumber: String, guid: String, displayName: String, servicePlans: [ServicePlan]) {
        self.partNumber = partNumber
        self.guid = guid.lowercased()
        self.displayName = displayName
        self.servicePlans = servicePlans
    }

    /// The service plan named `name` (case-insensitive), if the product includes it.
    public func servicePlan(named name: String) -> ServicePlan? {
        servicePlans.first { $0.name.equalsIgnoringCase(name) }
    }
}

/// A service plan inside a product, e.g. `EXCHANGE_S_ENTERPRISE` "Exchange Online (Plan 2)".
public struct ServicePlan: Codable, Hashable, Sendable {
    /// The plan's name (`Service_Plan_Name`).
    public var name: String
    /// The plan's GUID, lower-cased.
    public var id: String
    /// The plan's friendly name.
    public var friendlyName: String

    /// Creates a service plan.
    public init(name: String, id: String, friendlyName: String) {
        self.name = name
        self.id = id.lowercased()
        self.friendlyName = friendlyName
    }
}
