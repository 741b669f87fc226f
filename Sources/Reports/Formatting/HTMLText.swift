/// Escaping for text placed in HTML element content and quoted attribute values.
public enum HTMLText {
    /// `value` with `&`, `<`, `>`, `"` and `'` replaced by character references, so that
    /// no input (a display name such as `<script>`) can open a tag or leave an attribute.
    /// - Complexity: O(n) in the UTF-8 length; returns the string itself when nothing needs escaping.
    public static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return value
        }
        var result = ""
        result.reserveCapacity(value.utf8.count + 16)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
