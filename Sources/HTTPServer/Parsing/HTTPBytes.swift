/// Byte classes of RFC 9110 §5.6.2 and small ASCII helpers for the parser.
enum HTTPBytes {
    static let cr: UInt8 = 0x0D, lf: UInt8 = 0x0A, sp: UInt8 = 0x20, htab: UInt8 = 0x09, colon: UInt8 = 0x3A

    /// `tchar`: `!#$%&'*+-.^_`|~`, digits and letters.
    private static let tcharTable: [Bool] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(UInt8(byte))
        }
    }

    /// Whether `byte` may appear in a token (method, field name).
    @inline(__always) static func isTchar(_ byte: UInt8) -> Bool { tcharTable[Int(byte)] }

    /// Whether `byte` may appear in a field value: VCHAR, obs-text, SP or HTAB (RFC 9110 §5.5).
    @inline(__always) static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == htab || (byte >= sp && byte != 0x7F)
    }

    /// Whether `byte` may appear in an origin-form target: VCHAR but `#` (fragments are not sent,
    /// RFC 9112 §3.2); percent-encoding is the caller's to decode.
    @inline(__always) static func isTargetByte(_ byte: UInt8) -> Bool {
        byte > sp && byte < 0x7F && byte != UInt8(ascii: "#")
    }

    /// ASCII lowercase of `byte`.
    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// `bytes` without leading and trailing SP and HTAB.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, bytes[start] == sp || bytes[start] == htab { start += 1 }
        while end > start, bytes[end - 1] == sp || bytes[end - 1] == htab { end -= 1 }
        return bytes[start..<end]
    }

    /// Whether `bytes` equal the lowercase ASCII `word`, ignoring case.
    static func equalsLowercase(_ bytes: ArraySlice<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        var at = bytes.startIndex
        let pointer = word.utf8Start
        for index in 0..<word.utf8CodeUnitCount {
            if lower(bytes[at]) != pointer[index] { return false }
            at += 1
        }
        return true
    }
}
