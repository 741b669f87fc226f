import Foundation

/// The encodings a mail message needs: RFC 2047 encoded words for non-ASCII header text,
/// and RFC 2045 quoted-printable bodies with CRLF line ends.
enum MIMEEncoding {
    /// Header text as it may appear in a header: unchanged when it is printable ASCII,
    /// else `=?UTF-8?B?…?=` encoded words ([RFC 2047](https://www.rfc-editor.org/rfc/rfc2047))
    /// of at most 75 characters each, split between characters and separated by a folding
    /// line break. Line breaks in the text become spaces, so no header can be injected.
    static func headerText(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\r\n", with: " ")
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        if flat.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && !flat.contains("=?") {
            return flat
        }
        // 45 bytes of base64 input make 60 characters: with `=?UTF-8?B?` and `?=` that is 72.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in flat {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk.append(contentsOf: bytes)
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    /// A mailbox for `From:` or `To:`: `"Name" <local@domain>`, with an encoded-word name
    /// when it is not ASCII.
    static func mailbox(_ address: MailAddress) -> String {
        guard let name = address.displayName else { return address.address }
        let encoded = headerText(name)
        let shown = encoded == name ? "\"" + name + "\"" : encoded
        return shown + " <" + address.address + ">"
    }

    /// A whole header field, `Name: value\r\n`, folded at spaces so that lines stay within
    /// 78 characters where the value allows it
    /// ([RFC 5322 §2.2.3](https://www.rfc-editor.org/rfc/rfc5322#section-2.2.3)).
    static func header(_ name: String, _ value: String) -> String {
        // Encoded words come separated by a fold already; unfold and fold again with the rest.
        let words = value.replacingOccurrences(of: "\r\n ", with: " ").split(separator: " ", omittingEmptySubsequences: false)
        var lines: [String] = []
        var line = name + ":"
        var lineHasWords = false
        for word in words {
            if lineHasWords, !word.isEmpty, line.utf8.count + 1 + word.utf8.count > 78 {
                lines.append(line)
                line = ""
            }
            line += " " + word
            lineHasWords = lineHasWords || !word.isEmpty
        }
        lines.append(line)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// `text` (lines separated by `\n`, ending in `\n`) as quoted-printable lines ending in
    /// CRLF ([RFC 2045 §6.7](https://www.rfc-editor.org/rfc/rfc2045#section-6.7)).
    ///
    /// Encoded lines have at most 76 characters (soft breaks `=` otherwise), trailing spaces
    /// are encoded, and so are a leading `.` and the `F` of a leading `From `, so that
    /// `sendmail` and mbox files leave the text alone.
    static func quotedPrintable(_ text: String) -> String {
        var result = ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if text.hasSuffix("\n") { lines.removeLast() }
        for line in lines {
            let bytes = Array(line.utf8)
            var encoded = ""
            var width = 0
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let atStart = index == 0
                let literal = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !isLast)
                let guarded = atStart && (byte == 46 || (byte == 70 && line.hasPrefix("From ")))
                let piece = literal && !guarded ? String(UnicodeScalar(byte)) : hex(byte)
                // Leave room for the soft break `=` unless this piece ends the line.
                let limit = isLast ? 76 : 75
                if width + piece.count > limit {
                    encoded += "=\r\n"
                    width = 0
                }
                encoded += piece
                width += piece.count
            }
            result += encoded + "\r\n"
        }
        return result
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
