/// Seats of one product that a customer has bought.
public struct Subscription: Codable, Hashable, Sendable {
    /// The customer's id.
    public var customerID: String
    /// The product's part number.
    public var partNumber: String
    /// Seats purchased.
    public var seats: Int

    /// Creates a subscription.
    public init(customerID: String, partNumber: String, seats: Int) {
        self.customerID = customerID
        self.partNumber = partNumber
        self.seats = seats
    }
}

/// Seats of one product for one customer: purchased, and assigned as derived from the
/// assignments (never a stored counter).
public struct SeatUsage: Codable, Hashable, Sendable {
    /// The product's part number.
    public var partNumber: String
    /// Seats purchased.
    public var purchased: Int
    /// Seats held by active users' assignments.
    public var assigned: Int

    /// Creates seat usage.
    public init(partNumber: String, purchased: Int, assigned: Int) {
        self.partNumber = partNumber
        self.purchased = purchased
        self.assigned = assigned
    }

    /// Seats still free (never negative).
    public var available: Int { max(0, purchased - assigned) }

    /// Seats assigned beyond those purchased (0 when within): a reduction forced below the
    /// assigned seats leaves a customer over-assigned until licenses are revoked or bought.
    public var overAssigned: Int { max(0, assigned - purchased) }
}
