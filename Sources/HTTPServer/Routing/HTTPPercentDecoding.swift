/// Percent-decoding of path segments and query fields (RFC 3986 §2.1; the form encoding of
/// the WHATWG URL standard for queries, where `+` is a space).
public enum HTTPPercentDecoding {
    /// `text` with `%XX` decoded, or nil when an escape is malformed or the result is not UTF-8.
    public static func decode(_ text: Substring, plusAsSpace: Bool = false) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(HTTPRequestParser.hexValue),
                      let low = iterator.next().flatMap(HTTPRequestParser.hexValue) else { return nil }
                bytes.append(UInt8(high * 16 + low))
            } else if plusAsSpace && byte == UInt8(ascii: "+") {
                bytes.append(HTTPBytes.sp)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The fields of a query (`a=1&b=x%20y`), decoded; fields that do not decode are left out.
    public static func query(_ text: Substring) -> [(name: String, value: String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).compactMap { field in
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0], plusAsSpace: true),
                  let value = decode(parts.count > 1 ? parts[1] : "", plusAsSpace: true) else { return nil }
            return (name, value)
        }
    }
}
