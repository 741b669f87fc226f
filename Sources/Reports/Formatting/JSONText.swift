/// JSON string literals ([RFC 8259 §7](https://www.rfc-editor.org/rfc/rfc8259#section-7)).
public enum JSONText {
    /// `value` as a quoted JSON string: `"` and `\` escaped, control characters as `\n`,
    /// `\t`, `\r` or `\u00XX`, and U+2028/U+2029 escaped too so the text is also safe inside
    /// JavaScript. Everything else stays as UTF-8.
    public static func quote(_ value: String) -> String {
        var result = "\""
        result.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16, uppercase: false)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        result += "\""
        return result
    }
}
