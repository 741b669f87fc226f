import Foundation

/// Country names to ISO 3166-1 alpha-2 codes, for the admin center's `Country or Region`
/// column (a name such as `United States`, `Deutschland` or `台灣`), for any usage location
/// written as a name, and for a location given as an option.
///
/// The names are generated (``packedTable``, in `CountryNames+Table.swift`, by
/// `Tests/tools/make-country-names.py`) from Debian's `iso-codes`: each code's name, common
/// name and official name in English and their translations in German, French, Spanish,
/// Italian, Dutch, Portuguese, Japanese, Chinese (Traditional and Simplified), Korean, Danish,
/// Swedish, Norwegian, Finnish, Polish and Czech; plus the spellings Microsoft's portals and
/// Excel users write (`Korea`, `Hong Kong SAR`, `Congo (DRC)`, `Turkey`, `UK`, `USA`, …).
///
/// Matching folds case, accents and width (`Österreich` = `OSTERREICH`, `ＵＳＡ` = `USA`), the
/// variant characters of ``packedVariants`` (`臺灣` = `台灣` = `台湾`; `ø` = `o`), ignores
/// punctuation and spaces, reads `&` as `and` and `St` as `Saint`, and drops a leading `The`.
/// A name that two countries share (``packedAmbiguous``) names neither: it is refused with
/// both as suggestions. The first name of each entry is the one shown in messages.
public enum CountryNames {
    /// The alpha-2 code for a country name, or `nil` when the name is unknown or ambiguous.
    ///
    /// Codes themselves are not accepted here; see ``code(forNameOrCode:)``.
    public static func code(forName name: String) -> String? {
        let key = normalized(name)
        return key.isEmpty ? nil : index.codes[key]
    }

    /// The upper-cased alpha-2 code when `text` is one (`tw` → `TW`), else the code of the
    /// country it names, else `nil`.
    public static func code(forNameOrCode text: String) -> String? {
        CountryCode.normalized(text) ?? code(forName: text)
    }

    /// The name shown for a code, e.g. `Taiwan` for `TW`.
    public static func name(forCode code: String) -> String? {
        index.shown[code.uppercased()]
    }

    /// Up to `limit` countries closest to `text`, for "did you mean": each as the spelling
    /// nearest to what was typed, followed by the name shown for its code in brackets when that
    /// differs (`Deutschland (Germany)`); the countries an ambiguous name may mean.
    ///
    /// A candidate must be within a third of the typed name's length (at least 1, at most
    /// ``maxDistance``): a two-letter typo finds a two-letter name, but two unknown Han
    /// characters no longer find `UK`.
    /// - Complexity: O(names × length × (``maxDistance`` + 1)) the first time a text is seen,
    ///   as a comparison stops at the first row beyond the limit; results are remembered
    ///   for the last few hundred texts, so a file with one misspelled country on every row
    ///   folds and compares once.
    public static func closestNames(to text: String, limit: Int = 3) -> [String] {
        let key = normalized(text)
        guard !key.isEmpty else { return [] }
        if let codes = index.ambiguous[key] { return codes.compactMap { name(forCode: $0) } }
        if let remembered = suggestions.value(for: key, limit: limit) { return remembered }
        let scalars = Array(key.unicodeScalars), threshold = min(maxDistance, max(1, scalars.count / 3))
        var best: [String: (distance: Int, order: Int, spelling: String)] = [:]
        for (order, candidate) in index.candidates.enumerated() {
            guard abs(candidate.scalars.count - scalars.count) <= threshold,
                  let distance = EditDistance.within(scalars, candidate.scalars, limit: threshold) else { continue }
            if let known = best[candidate.code], known.distance <= distance { continue }
            best[candidate.code] = (distance, order, candidate.spelling)
        }
        let result = best.sorted { ($0.value.distance, $0.value.order) < ($1.value.distance, $1.value.order) }
            .prefix(limit)
            .map { code, match in
                let shown = name(forCode: code) ?? code
                return normalized(shown) == normalized(match.spelling) ? shown : "\(match.spelling) (\(shown))"
            }
        suggestions.remember(result, for: key, limit: limit)
        return result
    }

    /// The most edits a suggestion may be away from the typed name, however long.
    static let maxDistance = 4

    /// The matching key of a name: see the type's documentation.
    static func normalized(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "&", with: " and ")
        var words: [String] = []
        var word = ""
        for scalar in folded.unicodeScalars {
            if let variant = variants[scalar] {
                word.unicodeScalars.append(contentsOf: variant.unicodeScalars)
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                word.unicodeScalars.append(scalar)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        if words.first == "the" { words.removeFirst() }
        return words.map { $0 == "st" ? "saint" : $0 }.joined()
    }

    /// Every assigned code with its names, as generated; the first name is the one shown.
    static let table: [(code: String, names: [String])] = packedTable.split(separator: "\n").map { line in
        let fields = line.split(separator: "|").map(String.init)
        return (fields[0], Array(fields.dropFirst()))
    }

    /// The names that more than one code has, with those codes.
    static let ambiguousNames: [(name: String, codes: [String])] = packedAmbiguous.split(separator: "\n").map { line in
        let fields = line.split(separator: "|").map(String.init)
        return (fields[0], Array(fields.dropFirst()))
    }

    /// Keys that fold to two codes in Swift though the generator saw them apart (the two folds
    /// differ); empty, which the tests check.
    static var collisions: [String] { index.collisions }

    private static let variants: [Unicode.Scalar: String] = {
        var map: [Unicode.Scalar: String] = [:]
        for line in packedVariants.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let scalar = parts[0].unicodeScalars.first { map[scalar] = String(parts[1]) }
        }
        return map
    }()

    private static let index = Index()
    private static let suggestions = SuggestionMemo()

    /// The table folded once: a row with an unknown country used to fold the whole table again
    /// (found by the fuzzer: 200 such rows took 5 s under ASan).
    private struct Index: Sendable {
        var codes: [String: String] = [:]
        var shown: [String: String] = [:]
        var ambiguous: [String: [String]] = [:]
        var candidates: [(scalars: [Unicode.Scalar], spelling: String, code: String)] = []
        var collisions: [String] = []

        init() {
            for entry in CountryNames.table {
                shown[entry.code] = entry.names.first
                for name in entry.names {
                    let key = CountryNames.normalized(name)
                    guard !key.isEmpty else { continue }
                    if let other = codes[key], other != entry.code {
                        collisions.append("\(name): \(other), \(entry.code)")
                    }
                    codes[key] = entry.code
                    candidates.append((Array(key.unicodeScalars), name, entry.code))
                }
            }
            for entry in CountryNames.ambiguousNames {
                let key = CountryNames.normalized(entry.name)
                codes[key] = nil
                ambiguous[key] = entry.codes
            }
        }
    }
}

/// The last few hundred suggestion lists, by matching key.
private final class SuggestionMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: [String]] = [:]
    private let capacity = 256

    func value(for key: String, limit: Int) -> [String]? {
        lock.lock()
        defer { lock.unlock() }
        return entries["\(limit) \(key)"]
    }

    func remember(_ value: [String], for key: String, limit: Int) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries["\(limit) \(key)"] = value
    }
}
