/// What ``DirectoryAdmin/setSeats(_:force:by:)`` did to one subscription.
public struct SeatChange: Sendable, Hashable {
    /// The customer.
    public var customerID: String
    /// The product's part number.
    public var partNumber: String
    /// Seats purchased before (0 when the customer had none).
    public var before: Int
    /// Seats purchased now.
    public var after: Int
    /// Seats assigned to active users.
    public var assigned: Int

    /// Creates a change.
    public init(customerID: String, partNumber: String, before: Int, after: Int, assigned: Int) {
        self.customerID = customerID
        self.partNumber = partNumber
        self.before = before
        self.after = after
        self.assigned = assigned
    }

    /// Seats assigned beyond those purchased after the change (0 when within).
    public var overAssigned: Int { max(0, assigned - after) }
}
