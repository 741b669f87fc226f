/// Reads the typed values of cells: actions, booleans, lists, disabled plans.
///
/// Each reader returns the value or a ``Problem`` (message and fix); ``RowMapper`` adds the
/// field, line and column and turns it into an `InvalidInput` violation.
enum ValueParser {
    /// What is wrong with a cell, before it is placed.
    struct Problem: Error, Hashable {
        let message: String
        let fix: String?
    }

    /// Reads an action, case-, space- and punctuation-insensitively (`Reset Password`,
    /// `reset_password`, `RESET-PASSWORD`).
    static func action(_ text: String) -> Result<RequestAction, Problem> {
        let key = HeaderKey(text).value
        if let action = actionsByKey[key] { return .success(action) }
        let valid = RequestAction.allCases.map(\.rawValue)
        let closest = EditDistance.closest(
            to: key, among: RequestAction.allCases.map { (HeaderKey($0.rawValue).value, $0.rawValue) },
            threshold: max(3, key.count / 2), limit: 1)
        return .failure(Problem(
            message: "'\(text)' is not an action; valid actions are \(valid.joined(separator: ", ")) "
                + "(empty means the format's default)",
            fix: closest.first.map { "did you mean \($0)?" }))
    }

    private static let actionsByKey: [String: RequestAction] = Dictionary(
        uniqueKeysWithValues: RequestAction.allCases.map { (HeaderKey($0.rawValue).value, $0) })

    private static let trueWords: Set<String> = ["true", "yes", "y", "1", "enabled"]
    private static let falseWords: Set<String> = ["false", "no", "n", "0", "disabled"]

    /// Reads a yes/no value: true, yes, y, 1, enabled / false, no, n, 0, disabled (any case).
    static func boolean(_ text: String) -> Result<Bool, Problem> {
        let key = HeaderKey(text).value
        if trueWords.contains(key) { return .success(true) }
        if falseWords.contains(key) { return .success(false) }
        return .failure(Problem(message: "'\(text)' is not a yes/no value",
                                fix: "write Yes or No (also accepted: true/false, 1/0)"))
    }

    /// Splits a list cell (`SPE_E3;EMS`) on `;` and line breaks, trimming items and dropping
    /// empty ones. Commas are not separators: product names contain them
    /// (`Windows 365 Business 16 vCPU, 64 GB, 1 TB`).
    static func list(_ text: String) -> [String] {
        // Most cells hold one item: no separator byte (`;`, LF, VT, FF, CR, or a line break's
        // lead byte C2 or E2 of NEL, LS and PS) means no split.
        if !text.utf8.contains(where: { $0 == 0x3B || (0x0A...0x0D).contains($0) || $0 == 0xC2 || $0 == 0xE2 }) {
            let item = text.trimmedWhitespace
            return item.isEmpty ? [] : [item]
        }
        return text.split(whereSeparator: { $0 == ";" || $0.isNewline })
            .map { String($0).trimmedWhitespace }
            .filter { !$0.isEmpty }
    }

    /// Whether a list cell says `none` (any case): the explicit "hold none of these", as
    /// opposed to an empty cell, which keeps what the user has.
    /// - Parameter what: the list's items for the message, e.g. `products`.
    /// - Returns: `true` for `none` alone, `false` when `none` is not in the list, and a
    ///   problem when it comes with other items.
    static func none(in items: [String], what: String) -> Result<Bool, Problem> {
        guard items.contains(where: { $0.fastLowercased == "none" }) else { return .success(false) }
        if items.count == 1 { return .success(true) }
        return .failure(Problem(message: "'none' cannot be combined with \(what) in the same cell",
                                fix: "write none alone to remove them all, or list only the \(what) to hold"))
    }

    /// Reads the products to hold, keeping the first of names repeated (case-insensitively).
    static func licenses(_ text: String) -> [LicenseRequest] {
        let products = list(text)
        if products.count == 1 { return [LicenseRequest(product: products[0])] }
        var seen = Set<String>()
        var result: [LicenseRequest] = []
        for product in products where seen.insert(product.fastLowercased).inserted {
            result.append(LicenseRequest(product: product))
        }
        return result
    }

    /// Attaches `SKU:PLAN` entries to the matching products of `licenses`.
    ///
    /// An entry belongs to the longest product name it starts with followed by `:`, compared
    /// case-insensitively, so product names that contain `:` (`Dynamics 365 Talent: Onboard`)
    /// still work. Plans repeated for a product are kept once.
    /// - Returns: the problems, one per entry that is not `SKU:PLAN` or names a product not in
    ///   `licenses`.
    static func attachDisabledPlans(_ text: String, to licenses: inout [LicenseRequest]) -> [Problem] {
        var problems: [Problem] = []
        for entry in list(text) {
            let lowered = entry.fastLowercased
            let owner = licenses.indices
                .filter { lowered.hasPrefix(licenses[$0].product.fastLowercased + ":") }
                .max { licenses[$0].product.count < licenses[$1].product.count }
            guard let owner else {
                problems.append(unmatchedPlan(entry, licenses: licenses))
                continue
            }
            let plan = String(entry.dropFirst(licenses[owner].product.count + 1)).trimmedWhitespace
            if plan.isEmpty {
                problems.append(Problem(message: "'\(entry)' names no service plan after ':'",
                                        fix: "write SKU:PLAN, e.g. SPE_E3:TEAMS1"))
            } else if !licenses[owner].disabledPlans.contains(where: { $0.fastLowercased == plan.fastLowercased }) {
                licenses[owner].disabledPlans.append(plan)
            }
        }
        return problems
    }

    private static func unmatchedPlan(_ entry: String, licenses: [LicenseRequest]) -> Problem {
        guard let colon = entry.lastIndex(of: ":") else {
            return Problem(message: "'\(entry)' is not SKU:PLAN", fix: "write SKU:PLAN, e.g. SPE_E3:TEAMS1")
        }
        let product = String(entry[..<colon]).trimmedWhitespace
        return Problem(
            message: "'\(entry)' disables a plan of '\(product)', which is not in Licenses",
            fix: licenses.isEmpty
                ? "add \(product) to Licenses, or remove the entry"
                : "add \(product) to Licenses, or name one of: "
                    + licenses.map(\.product).joined(separator: ", "))
    }
}
