/// How many terminal columns text takes, so that columns line up with CJK names in them.
///
/// East Asian wide and fullwidth characters (Han, Hiragana, Katakana, Hangul, fullwidth
/// forms, most emoji) take two columns; combining marks and zero-width characters none;
/// everything else one. This is the common subset of Unicode's East Asian Width property
/// (UAX #11) that terminals agree on.
enum DisplayWidth {
    /// The column width of `text`.
    static func of(_ text: String) -> Int {
        // Fast path: printable ASCII is one column per byte.
        var contiguous = text
        if contiguous.withUTF8({ bytes in bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }) { return text.utf8.count }
        // Second fast path: Latin letters and the CJK blocks, each scalar a grapheme of its own
        // (no combining marks, no joiners), so no grapheme breaking is needed.
        var simple = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value >= 0x20 && value < 0x300 && value != 0x7F {
                simple += 1
            } else if isSimpleWide(value) {
                simple += 2
            } else {
                simple = -1
                break
            }
        }
        return simple >= 0 ? simple : graphemeWidth(text)
    }

    /// The width by graphemes: each grapheme counts its first scalar's columns.
    static func graphemeWidth(_ text: String) -> Int {
        var width = 0
        for character in text {
            guard let first = character.unicodeScalars.first else { continue }
            width += columns(first)
        }
        return width
    }

    /// The column width of one grapheme's first scalar.
    static func columns(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 || value == 0x200B || value == 0x200D || value == 0xFEFF { return 0 }
        if value < 0x300 { return 1 }      // Latin: no marks, nothing wide
        if isWide(value) { return 2 }      // CJK: checked before the (slower) category look-up
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return 1
    }

    /// Wide scalars (a subset of ``isWide(_:)``) that never join the scalars around them into
    /// one grapheme: CJK punctuation without the combining tone marks (U+302A–302F), kana
    /// without the combining sound marks, Han, Hangul syllables, fullwidth forms.
    private static func isSimpleWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x3000...0x3029, 0x3030...0x303E, 0x3041...0x3098, 0x309B...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3,
             0xFF01...0xFF60:
            return true
        default:
            return false
        }
    }

    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` followed by spaces up to `width` columns (unchanged when already wider).
    static func padded(_ text: String, to width: Int) -> String {
        let gap = width - of(text)
        return gap > 0 ? text + String(repeating: " ", count: gap) : text
    }

    /// Spaces then `text`, right-aligned in `width` columns.
    static func rightAligned(_ text: String, to width: Int) -> String {
        let gap = width - of(text)
        return gap > 0 ? String(repeating: " ", count: gap) + text : text
    }

    /// Splits `text` into lines of at most `width` columns, breaking at spaces where it can
    /// and inside a word only when the word alone is too long (long UPNs, CJK text).
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0, of(text) > width else { return [text] }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let wordWidth = of(String(word))
            let needed = lineWidth == 0 ? wordWidth : lineWidth + 1 + wordWidth
            if needed <= width {
                line += (lineWidth == 0 ? "" : " ") + word
                lineWidth = needed
                continue
            }
            if lineWidth > 0 { lines.append(line); line = ""; lineWidth = 0 }
            for character in word {
                let w = columns(character.unicodeScalars.first ?? " ")
                if lineWidth + w > width { lines.append(line); line = ""; lineWidth = 0 }
                line.append(character)
                lineWidth += w
            }
        }
        if lineWidth > 0 || lines.isEmpty { lines.append(line) }
        return lines
    }
}
