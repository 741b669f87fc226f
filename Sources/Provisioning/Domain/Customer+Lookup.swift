extension Customer {
    /// The customer `id` names among `customers`: the one with exactly that id, else the one
    /// whose id differs from it only in case (`CONTOSO` finds `contoso`); `nil` when none does,
    /// or when two ids differ from it only in case and neither is exact.
    ///
    /// Every place that takes a customer id from a person (an option, a `Customer` column)
    /// matches it here, so that all of them agree.
    public static func matching(_ id: String, in customers: [Customer]) -> Customer? {
        if let exact = customers.first(where: { $0.id == id }) { return exact }
        let folded = customers.filter { $0.id.equalsIgnoringCase(id) }
        return folded.count == 1 ? folded[0] : nil
    }

    /// Up to `limit` of `ids` closest to `id` by edit distance (ignoring case), for "did you
    /// mean"; an id that differs from `id` only in case comes first.
    public static func closestIDs(to id: String, among ids: [String], limit: Int = 2) -> [String] {
        let key = id.fastLowercased
        guard !key.isEmpty else { return [] }
        return EditDistance.closest(to: key, among: ids.map { (key: $0.fastLowercased, name: $0) },
                                    threshold: max(2, key.count / 3), limit: limit)
    }
}
