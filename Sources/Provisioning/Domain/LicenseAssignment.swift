/// One product held by one user, with the service plans turned off for that user.
public struct LicenseAssignment: Codable, Hashable, Sendable {
    /// The product's part number.
    public var partNumber: String
    /// Names of the product's service plans disabled for this user, sorted.
    public var disabledPlans: [String]

    /// Creates an assignment; the disabled plans are de-duplicated and sorted.
    public init(partNumber: String, disabledPlans: [String] = []) {
        self.partNumber = partNumber
        self.disabledPlans = Array(Set(disabledPlans)).sorted()
    }
}
