/// A column name reduced for matching: lower-cased letters and digits only, so that
/// `User Name`, `user_name` and `USERNAME` are the same key.
///
/// Entra's headers (`User name [userPrincipalName] Required`) are matched by the property in
/// brackets, which ``property`` extracts before reduction.
struct HeaderKey: Hashable, Sendable, CustomStringConvertible {
    /// The reduced text.
    let value: String

    /// Reduces `text`.
    init(_ text: String) {
        var reduced = ""
        reduced.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.lowercased().unicodeScalars
        where scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
            reduced.unicodeScalars.append(scalar)
        }
        value = reduced
    }

    /// Wraps an already reduced key.
    init(reduced: String) { value = reduced }

    /// Whether nothing is left after reduction (an empty or punctuation-only header).
    var isEmpty: Bool { value.isEmpty }

    var description: String { value }

    /// The reduced property name of an Entra header: the text inside the last `[...]`, e.g.
    /// `userprincipalname` for `User name [userPrincipalName] Required`; `nil` without brackets.
    static func property(of header: String) -> HeaderKey? {
        guard let close = header.lastIndex(of: "]"),
              let open = header[..<close].lastIndex(of: "[") else { return nil }
        let key = HeaderKey(String(header[header.index(after: open)..<close]))
        return key.isEmpty ? nil : key
    }
}
