/// Levenshtein distance, for "did you mean" suggestions on column names, actions and countries
/// (and, in the command line, on command and option names).
public enum EditDistance {
    /// The number of single-character insertions, deletions and substitutions that turn `a`
    /// into `b`.
    /// - Complexity: O(`a.count` × `b.count`) time, O(`b.count`) memory. Used on short names only.
    public static func between(_ a: String, _ b: String) -> Int {
        let source = Array(a.unicodeScalars), target = Array(b.unicodeScalars)
        if source.isEmpty { return target.count }
        if target.isEmpty { return source.count }
        var previous = Array(0...target.count)
        var current = [Int](repeating: 0, count: target.count + 1)
        for i in 1...source.count {
            current[0] = i
            for j in 1...target.count {
                let substitution = previous[j - 1] + (source[i - 1] == target[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[target.count]
    }

    /// The distance between `source` and `target` when it is at most `limit`, else `nil`,
    /// stopping as soon as every cell of a row exceeds `limit` (two names in different scripts
    /// stop after `limit + 1` rows).
    /// - Complexity: O(`source.count` × `target.count`) at worst, usually a few rows.
    static func within(_ source: [Unicode.Scalar], _ target: [Unicode.Scalar], limit: Int) -> Int? {
        guard abs(source.count - target.count) <= limit else { return nil }
        if source.isEmpty || target.isEmpty { return max(source.count, target.count) }
        var previous = Array(0...target.count)
        var current = [Int](repeating: 0, count: target.count + 1)
        for i in 1...source.count {
            current[0] = i
            var best = i
            for j in 1...target.count {
                let substitution = previous[j - 1] + (source[i - 1] == target[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                best = min(best, current[j])
            }
            if best > limit { return nil }
            swap(&previous, &current)
        }
        return previous[target.count] <= limit ? previous[target.count] : nil
    }

    /// The candidates nearest to `key`, best first: those within `threshold` of it, at most
    /// `limit`, ties in the given order.
    /// - Parameters:
    ///   - key: the (already normalized) text to match.
    ///   - candidates: pairs of a normalized key and the name to show.
    /// - Complexity: a candidate whose length differs from the key's by more than `threshold`
    ///   cannot be within it and is skipped without computing the distance, so a hostile cell
    ///   (a 1 MB country name) costs O(candidates), not O(cell × candidates × name): before,
    ///   one 200,000-character country cell took 70 s to suggest nothing.
    public static func closest(to key: String, among candidates: [(key: String, name: String)],
                        threshold: Int, limit: Int = 3) -> [String] {
        var scored: [(distance: Int, order: Int, name: String)] = []
        var shown = Set<String>()
        let length = key.unicodeScalars.count
        for (order, candidate) in candidates.enumerated() {
            guard abs(candidate.key.unicodeScalars.count - length) <= threshold else { continue }
            let distance = between(key, candidate.key)
            if distance <= threshold { scored.append((distance, order, candidate.name)) }
        }
        scored.sort { ($0.distance, $0.order) < ($1.distance, $1.order) }
        var result: [String] = []
        for entry in scored where !shown.contains(entry.name) {
            shown.insert(entry.name)
            result.append(entry.name)
            if result.count == limit { break }
        }
        return result
    }
}
