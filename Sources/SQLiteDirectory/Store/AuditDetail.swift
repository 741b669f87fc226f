import Provisioning

/// The `detail` JSON object of one audit-log entry, written by hand into UTF-8 bytes (keys in a
/// fixed order, no encoder per row: the executor writes a million of these). Never holds a
/// password: a password change is recorded as `"passwordIssued": true` only.
struct AuditDetail {
    private var bytes: [UInt8]
    private var empty = true

    init() {
        bytes = []
        bytes.reserveCapacity(256)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Adds `"key": "value"`, or `"key": null`.
    mutating func add(_ key: String, _ value: String?) {
        member(key)
        if let value { Self.quote(value, into: &bytes) } else { bytes += Self.null }
    }

    /// Adds `"key": true|false`.
    mutating func add(_ key: String, _ value: Bool) {
        member(key)
        bytes += value ? Self.true : Self.false
    }

    /// Adds `"key": ["a", "b"]`.
    mutating func add(_ key: String, _ values: [String]) {
        member(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            Self.quote(value, into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Adds `"key": [{"product": "SPE_E3", "disabledPlans": [...]}, ...]`.
    mutating func add(_ key: String, licenses: [LicenseAssignment]) {
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

    /// The finished object as text.
    var json: String {
        var finished = bytes
        finished.append(UInt8(ascii: "}"))
        return String(decoding: finished, as: UTF8.self)
    }

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
    /// as `\n`, `\r`, `\t` or `\u00XX`; everything else as its UTF-8 bytes.
    static func quote(_ value: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                          hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
