/// A Microsoft Entra built-in directory role (`Global Administrator`), as users hold them.
///
/// Role names from any input (a CSV's `Roles` cell, `users create --role`) are checked against
/// ``builtIn``, Microsoft's list (kept as data in `DirectoryRole+BuiltIn.swift`, with its
/// source): a name matches case-, space- and punctuation-insensitively (`global administrator`,
/// `Partner Tier 1 Support`), and a template ID names its role too. The directory and the
/// reports hold the display name as Microsoft writes it. Anything else is refused, with the
/// closest names as a suggestion (`Glbal Admin`: did you mean Global Administrator?).
public struct DirectoryRole: Hashable, Sendable {
    /// The name as Microsoft writes it, e.g. `Global Administrator`.
    public let displayName: String
    /// The role's template ID (its role definition id, the same in every tenant), lower case.
    public let templateID: String
    /// Whether Microsoft labels the role privileged ("can lead to elevation of privilege").
    public let isPrivileged: Bool

    init(_ displayName: String, _ templateID: String, privileged: Bool = false) {
        self.displayName = displayName
        self.templateID = templateID
        self.isPrivileged = privileged
    }

    /// The built-in role that `text` names (a display name or a template ID), or `nil`.
    public static func named(_ text: String) -> DirectoryRole? {
        let key = HeaderKey(text).value
        guard !key.isEmpty else { return nil }
        if let role = byKey[key] { return role }
        return byTemplateID[text.trimmedWhitespace.fastLowercased]
    }

    /// Resolves role names to their display names, the first of names repeated kept once.
    /// - Parameter field: the input column (or option) the names came from, for the violations.
    /// - Returns: the display names of the roles found, and an `InvalidInput` violation for
    ///   each name that is not a built-in role, with the closest name as the fix: for the
    ///   first ``detailedUnknowns`` of them, then one violation counting the rest.
    /// - Complexity: O(total length of `names`) beyond the first few unknown names, so a
    ///   hostile cell of a hundred thousand made-up names costs no suggestion search each.
    public static func resolve(_ names: [String], field: String?) -> (names: [String], violations: [Violation]) {
        var resolved: [String] = [], violations: [Violation] = [], unknownKeys = Set<String>()
        var more = 0
        for name in names {
            if let role = named(name) {
                if !resolved.contains(role.displayName) { resolved.append(role.displayName) }
            } else if unknownKeys.insert(HeaderKey(name).value).inserted {
                if violations.count < detailedUnknowns { violations.append(unknown(name, field: field)) } else { more += 1 }
            }
        }
        if more > 0 {
            violations.append(Violation(.invalidInput, "\(more) more name\(more == 1 ? " is" : "s are") not Microsoft Entra built-in roles",
                                        fix: "write each role's name as Microsoft Entra lists it", field: field))
        }
        return (resolved, violations)
    }

    /// How many unknown names of one list get a violation (and a suggestion) of their own.
    static let detailedUnknowns = 3

    /// The violation for a name that is not a built-in role.
    static func unknown(_ name: String, field: String?) -> Violation {
        let closest = closestNames(to: name)
        return Violation(.invalidInput, "'\(name)' is not a Microsoft Entra built-in role",
                         fix: closest.isEmpty
                            ? "write the role's name as Microsoft Entra lists it, e.g. User Administrator"
                            : "did you mean \(closest.joined(separator: " or "))?",
                         field: field)
    }

    /// The role name closest to `text` (up to `limit` of them, best first). `admin` is read as
    /// `administrator` for this (the portals' short names: `Global admin`).
    static func closestNames(to text: String, limit: Int = 1) -> [String] {
        let key = suggestionKey(text)
        guard !key.isEmpty else { return [] }
        return EditDistance.closest(to: key, among: candidates, threshold: max(2, key.unicodeScalars.count / 4), limit: limit)
    }

    /// The names of `names` that `others` lacks, matched as role names are (so a name stored
    /// in another case is not a change), in `names`' order.
    static func names(_ names: [String], notIn others: [String]) -> [String] {
        let held = Set(others.map { HeaderKey($0).value })
        return names.filter { !held.contains(HeaderKey($0).value) }
    }

    private static func suggestionKey(_ text: String) -> String {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }
            .map { $0 == "admin" ? "administrator" : $0 == "admins" ? "administrators" : String($0) }
            .joined()
    }

    private static let byKey: [String: DirectoryRole] = Dictionary(
        builtIn.map { (HeaderKey($0.displayName).value, $0) }, uniquingKeysWith: { first, _ in first })

    private static let byTemplateID: [String: DirectoryRole] = Dictionary(
        builtIn.map { ($0.templateID, $0) }, uniquingKeysWith: { first, _ in first })

    private static let candidates: [(key: String, name: String)] =
        builtIn.map { (HeaderKey($0.displayName).value, $0.displayName) }
}
