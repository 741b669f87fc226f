import Provisioning

/// "Did you mean" for command and option names, on ``Provisioning/EditDistance``.
enum Suggestions {
    /// The known names nearest to `word`, best first: within a third of its length (at least
    /// 2 edits: `aply` → `apply`, `costumer` → `customer`), else the names it begins (`cust`
    /// → `customer`), at most 3.
    static func closest(to word: String, among names: [String]) -> [String] {
        let key = word.lowercased()
        let near = EditDistance.closest(to: key, among: names.map { ($0.lowercased(), $0) },
                                        threshold: max(2, key.count / 3))
        if !near.isEmpty || key.count < 3 { return near }
        return Array(names.filter { $0.lowercased().hasPrefix(key) }.prefix(3))
    }

    /// `; did you mean X?`, `; did you mean X or Y?`, or nothing.
    static func didYouMean(_ names: [String]) -> String {
        guard let last = names.last else { return "" }
        let list = names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
        return "; did you mean \(list)?"
    }
}
