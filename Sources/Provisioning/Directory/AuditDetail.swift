import Foundation

/// The `detail` JSON object of one audit-log entry, written by hand into UTF-8 bytes (keys in a
/// fixed order, no encoder per row: the executor writes a million of these). Never holds a
/// password: a password change is recorded as `"passwordIssued": true` only.
///
/// Shared by every backend, so that the same change writes the same detail bytes on each
/// (docs/store.md, "Audit log").
public struct AuditDetail: Sendable {
    private var bytes: [UInt8]
    private var empty = true

    /// An empty object.
    public init() {
        bytes = []
        bytes.reserveCapacity(256)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Adds `"key": "value"`, or `"key": null`.
    public mutating func add(_ key: String, _ value: String?) {
        member(key)
        if let value { Self.quote(value, into: &bytes) } else { bytes += Self.null }
    }

    /// Adds `"key": 12`.
    public mutating func add(_ key: String, _ value: Int) {
        member(key)
        bytes += Array(String(value).utf8)
    }

    /// Adds `"key": true|false`.
    public mutating func add(_ key: String, _ value: Bool) {
        member(key)
        bytes += value ? Self.true : Self.false
    }

    /// Adds `"key": ["a", "b"]`.
    public mutating func add(_ key: String, _ values: [String]) {
        member(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            Self.quote(value, into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Adds `"key": [{"product": "SPE_E3", "disabledPlans": [...]}, ...]`.
    public mutating func add(_ key: String, licenses: [LicenseAssignment]) {
        member(key)
        bytes.append(UInt8(ascii: "["))
        for (index, license) in licenses.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            var item = AuditDetail()
            item.add("product", license.partNumber)
            item.add("disabledPlans", license.disabledPlans)
            bytes += item.bytes
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// The finished object as UTF-8 bytes.
    public var jsonBytes: [UInt8] {
        var finished = bytes
        finished.append(UInt8(ascii: "}"))
        return finished
    }

    /// The finished object as text.
    public var json: String { String(decoding: jsonBytes, as: UTF8.self) }

    private static let null = Array("null".utf8)
    private static let `true` = Array("true".utf8)
    private static let `false` = Array("false".utf8)
    private static let hex = Array("0123456789abcdef".utf8)

    private mutating func member(_ key: String) {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        Self.quote(key, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends `value` as a JSON string (RFC 8259 §7): `"` and `\` escaped, control characters
    /// as `\n`, `\r`, `\t` or `\u00XX`; everything else as its UTF-8 bytes, copied a run at a
    /// time between the bytes that need escaping.
    public static func quote(_ value: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                escape(byte, into: &bytes)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends the escape of a byte `quote` does not copy as it is.
    private static func escape(_ byte: UInt8, into bytes: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
            bytes.append(UInt8(ascii: "\\"))
            bytes.append(byte)
        case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
        case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
        case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
        default:
            bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                      hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
        }
    }

    /// The ISO 8601 text of `date`, in UTC with milliseconds: the `at` of audit entries (and
    /// the dates inside details), which sort as text.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
