/// The seats of one product before and after ``DirectoryImport/importSeats(_:customerID:operatorName:role:batchID:now:)``.
public struct SeatImportChange: Sendable, Hashable {
    /// The product.
    public var partNumber: String
    /// Seats purchased before (`nil`: no subscription).
    public var before: Int?
    /// Seats purchased now.
    public var after: Int

    /// Creates a change.
    public init(partNumber: String, before: Int?, after: Int) {
        self.partNumber = partNumber
        self.before = before
        self.after = after
    }
}
