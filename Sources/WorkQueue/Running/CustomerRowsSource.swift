import Provisioning

/// The rows of one customer in a file that may name several: a queued job runs one customer,
/// so its input is the submitted file seen through this (line numbers stay the file's own).
/// A row belongs to the customer its `Customer` cell names (matched as ``Customer/matching(_:in:)``
/// does), or, without one, to the submission's `--customer`.
public struct CustomerRowsSource: RequestSource {
    private var base: any RequestSource
    private let customerID: String
    private let defaultCustomerID: String?
    private let known: [Customer]
    private var matched: [String: Bool] = [:]

    /// The rows of `customerID` among `base`'s.
    public init(_ base: any RequestSource, customerID: String, defaultCustomerID: String?, known: [Customer]) {
        self.base = base
        self.customerID = customerID
        self.defaultCustomerID = defaultCustomerID
        self.known = known
    }

    public mutating func next() throws -> UserRequest? {
        while let request = try base.next() {
            guard let id = request.customerID ?? defaultCustomerID else { continue }
            if let hit = matched[id] {
                if hit { return request }
                continue
            }
            let hit = (Customer.matching(id, in: known)?.id ?? id) == customerID
            matched[id] = hit
            if hit { return request }
        }
        return nil
    }

    public var mayNameCustomers: Bool { base.mayNameCustomers }
    public var columns: [FieldColumn] { base.columns }
    public var mayRemove: Bool { base.mayRemove }
}
