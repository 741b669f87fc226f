/// The boundary of a `multipart/form-data` body, from its `Content-Type` (RFC 7578 §4.1,
/// RFC 2046 §5.1.1): 1 to 70 characters of `bchars` (digits, letters, `'()+_,-./:=?` and
/// space, not last). Unquoted, it must also be a token (RFC 9110 §5.6.2), which leaves out
/// `(),/:=?` and space; quoted, a backslash escapes the next character.
public enum HTTPMultipartBoundary {
    /// The boundary of `contentType`.
    /// - Throws: ``HTTPFormError`` `wrongContentType` (415) when it is not `multipart/form-data`,
    ///   `missingBoundary` or `invalidBoundary` (400).
    public static func parse(_ contentType: String) throws(HTTPFormError) -> [UInt8] {
        guard mediaType(contentType) == "multipart/form-data" else { throw HTTPFormError(.wrongContentType) }
        var found: [UInt8]?
        for (name, value) in try parameters(Array(contentType.utf8)) where name == "boundary" {
            guard found == nil else { throw HTTPFormError(.invalidBoundary) }
            found = value
        }
        guard let boundary = found else { throw HTTPFormError(.missingBoundary) }
        guard (1...70).contains(boundary.count), boundary.last != HTTPBytes.sp,
              boundary.allSatisfy(isBchar) else { throw HTTPFormError(.invalidBoundary) }
        return boundary
    }

    /// The lowercase `type/subtype` before any `;`, without surrounding spaces.
    static func mediaType(_ contentType: String) -> String {
        let head = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return String(decoding: HTTPBytes.trimmed(Array(head.utf8)[...]).map(HTTPBytes.lower), as: UTF8.self)
    }

    static func isBchar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return Array("'()+_,-./:=? ".utf8).contains(byte)
        }
    }

    /// The `; name=value` parameters after the media type (names lowercased, values unquoted),
    /// shared with the part's `Content-Disposition`.
    /// A backslash escapes the next byte in a quoted value only when `backslashEscapes` (RFC 9110
    /// quoted-string); browsers do not escape in `Content-Disposition` (they write `"` as `%22`,
    /// WHATWG HTML §4.10.21.8), where a Windows path's `\` is kept.
    /// - Throws: `error` for a malformed parameter list.
    static func parameters(_ bytes: [UInt8], error: HTTPFormError.Code = .invalidBoundary,
                           backslashEscapes: Bool = true) throws(HTTPFormError)
        -> [(String, [UInt8])] {
        var result: [(String, [UInt8])] = []
        var at = 0
        while at < bytes.count, bytes[at] != UInt8(ascii: ";") { at += 1 }
        while at < bytes.count {
            at += 1   // the ";"
            while at < bytes.count, bytes[at] == HTTPBytes.sp || bytes[at] == HTTPBytes.htab { at += 1 }
            var name: [UInt8] = []
            while at < bytes.count, HTTPBytes.isTchar(bytes[at]) { name.append(HTTPBytes.lower(bytes[at])); at += 1 }
            guard !name.isEmpty, at < bytes.count, bytes[at] == UInt8(ascii: "=") else { throw HTTPFormError(error) }
            at += 1
            var value: [UInt8] = []
            if at < bytes.count, bytes[at] == UInt8(ascii: "\"") {
                at += 1
                var closed = false
                while at < bytes.count {
                    let byte = bytes[at]
                    at += 1
                    if byte == UInt8(ascii: "\"") { closed = true; break }
                    if byte == UInt8(ascii: "\\") && backslashEscapes {
                        guard at < bytes.count else { break }
                        value.append(bytes[at])
                        at += 1
                    } else {
                        value.append(byte)
                    }
                }
                guard closed else { throw HTTPFormError(error) }
            } else {
                while at < bytes.count, HTTPBytes.isTchar(bytes[at]) { value.append(bytes[at]); at += 1 }
                guard !value.isEmpty else { throw HTTPFormError(error) }
            }
            while at < bytes.count, bytes[at] == HTTPBytes.sp || bytes[at] == HTTPBytes.htab { at += 1 }
            guard at == bytes.count || bytes[at] == UInt8(ascii: ";") else { throw HTTPFormError(error) }
            result.append((String(decoding: name, as: UTF8.self), value))
        }
        return result
    }
}
