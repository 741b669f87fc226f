/// Text from input made safe for a terminal: the one owner of how control characters are shown.
///
/// A cell, a header name or a file name can hold bytes a terminal obeys: ESC starts a
/// sequence that recolours, moves the cursor or retitles the window, BEL rings, NUL and the
/// C1 controls (U+0080–U+009F, which some terminals take as ESC sequences: U+009B is CSI)
/// do their own things, and the bidirectional overrides reorder what follows. Every line the
/// tool writes to a terminal from input goes through ``escaped(_:keepingLineBreaks:)``: the
/// text report, `inspect`, and every error or note that quotes a value. The rendering,
/// documented in docs/reports.md:
///
/// - tab, line feed and carriage return as `\t`, `\n`, `\r` (tab and line feed kept as they
///   are in multi-line messages, `keepingLineBreaks`);
/// - the other C0 controls and DEL as `\x` and two lower-case hex digits: `\x1b`, `\x07`, `\x00`;
/// - the C1 controls and the bidirectional formatting characters (U+061C, U+200E, U+200F,
///   U+202A–U+202E, U+2066–U+2069) as `\u` and four lower-case hex digits: `\u009b`, `\u202e`.
///
/// A backslash in the input stays one backslash: the rendering is for reading, not for
/// round trips (JSON and CSV reports keep the exact values).
public enum TerminalText {
    /// `text` with every control character shown as an escape.
    ///
    /// Returns `text` itself, without copying, when it has none (the common case).
    /// - Parameter keepingLineBreaks: keep tab and line feed as they are (a message of several
    ///   lines); a cell shown on one line escapes them too.
    /// - Complexity: O(n) in the UTF-8 bytes; a scan without allocation when nothing is escaped.
    public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        var copy = text
        // Lead bytes of every scalar that may need escaping: C0 and DEL; 0xC2 (U+0080–U+00BF,
        // the C1 controls among them), 0xD8 (U+061C), 0xE2 (U+2000–U+2FFF, the bidi controls).
        let clean = copy.withUTF8 { bytes in
            bytes.allSatisfy { byte in
                (byte >= 0x20 && byte != 0x7F && byte != 0xC2 && byte != 0xD8 && byte != 0xE2)
                    || (keepingLineBreaks && (byte == 0x0A || byte == 0x09))
            }
        }
        if clean { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x09 where keepingLineBreaks, 0x0A where keepingLineBreaks:
                result.unicodeScalars.append(scalar)
            case 0x09: result += "\\t"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x00..<0x20, 0x7F: result += "\\x" + hex(value, digits: 2)
            case 0x80...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                result += "\\u" + hex(value, digits: 4)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: false)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
