/// The guard against formula injection (CWE-1236) used by ``CSVWriter``.
///
/// The exact rule, also in `docs/csv.md`: a field is neutralised when its first character is
/// one of `=` `+` `-` `@`, TAB (U+0009), CR (U+000D), LF (U+000A), or the full-width
/// `＝` `＋` `－` `＠` (U+FF1D, U+FF0B, U+FF0D, U+FF20), unless the whole field is a plain
/// number (`^[+-]?[0-9]+(\.[0-9]+)?$`, such as `-3` or `+1.5`), which no spreadsheet can run.
/// Neutralising prepends one apostrophe `'`, which Excel shows as text. A field that itself
/// begins with `'` gets one more (`'x` → `''x`), since Excel hides a leading apostrophe and
/// would otherwise lose the value's own; ``restored(_:)`` undoes exactly this on the way back
/// in (intake calls it for every cell). The guard also has the
/// writer quote every field that holds `,` `;` TAB or `|`, so that a spreadsheet splitting on
/// another list separator cannot start a new cell inside it.
public enum FormulaGuard {
    /// First characters that make a spreadsheet evaluate a cell.
    static let triggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\n",
                                                "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"]

    /// Whether `field` would be neutralised.
    public static func needsGuard(_ field: String) -> Bool {
        guard let first = field.unicodeScalars.first else { return false }
        if first == "'" { return true }
        return triggers.contains(first) && !isPlainNumber(field)
    }

    /// `field` as it was before ``neutralised(_:)``: one leading `'` removed when what follows
    /// it would have been guarded (a trigger that is not a plain number, or another `'`).
    /// Any other leading apostrophe is the value's own and stays (`'x` reads as `'x`).
    ///
    /// `restored(neutralised(s)) == s` for every `s`.
    public static func restored(_ field: String) -> String {
        guard field.unicodeScalars.first == "'" else { return field }
        let rest = String(field.unicodeScalars.dropFirst())
        return needsGuard(rest) ? rest : field
    }

    /// `field` as the guard writes it: with a leading `'` when ``needsGuard(_:)``.
    public static func neutralised(_ field: String) -> String {
        needsGuard(field) ? "'" + field : field
    }

    /// Whether `field` matches `^[+-]?[0-9]+(\.[0-9]+)?$`.
    static func isPlainNumber(_ field: String) -> Bool {
        var bytes = Substring(field).utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return false }
        for part in parts where part.isEmpty || !part.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return false }
        return true
    }
}
