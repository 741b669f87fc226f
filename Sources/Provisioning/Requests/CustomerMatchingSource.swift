/// A request source whose requests name their customer as the store spells its id: a
/// `Customer` cell of `CONTOSO` becomes `contoso` when the store has `contoso`
/// (``Customer/matching(_:in:)``). Ids that match no customer are passed on as written, to
/// fail as unknown.
///
/// The job reads its input through this, so that grouping rows by customer, the look-ups, the
/// locks, the journal and the reports all see one spelling.
struct CustomerMatchingSource: RequestSource {
    private var base: any RequestSource
    private let known: [Customer]
    private var matched: [String: String] = [:]

    /// Wraps `base`, matching its customer ids against `known`.
    init(_ base: any RequestSource, known: [Customer]) {
        self.base = base
        self.known = known
    }

    mutating func next() throws -> UserRequest? {
        guard var request = try base.next() else { return nil }
        if let id = request.customerID {
            if let spelled = matched[id] {
                request.customerID = spelled
            } else {
                let spelled = Customer.matching(id, in: known)?.id ?? id
                matched[id] = spelled
                request.customerID = spelled
            }
        }
        return request
    }

    var mayNameCustomers: Bool { base.mayNameCustomers }
    var columns: [FieldColumn] { base.columns }
    var mayRemove: Bool { base.mayRemove }
    /// The base source's own census (a file's byte-level one): customer ids do not change it.
    mutating func removalCensus() throws -> RemovalCensus { try base.removalCensus() }
}
