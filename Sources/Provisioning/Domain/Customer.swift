/// A customer organisation whose directory the partner manages.
public struct Customer: Codable, Hashable, Sendable {
    /// The partner's short id for the customer, e.g. `contoso`.
    public var id: String
    /// The organisation's name, e.g. `Contoso Ltd.`.
    public var name: String
    /// Verified domains, lower-cased; a user name's domain must be one of them.
    public var domains: [String]
    /// The usage location given to new users that name none (ISO 3166-1 alpha-2).
    public var defaultUsageLocation: String

    /// Creates a customer.
    public init(id: String, name: String, domains: [String], defaultUsageLocation: String) {
        self.id = id
        self.name = name
        self.domains = domains.map { $0.fastLowercased }
        self.defaultUsageLocation = defaultUsageLocation
    }

    /// Whether `domain` is one of the customer's verified domains (case-insensitive).
    public func owns(domain: String) -> Bool {
        domains.contains(domain.fastLowercased)
    }
}
