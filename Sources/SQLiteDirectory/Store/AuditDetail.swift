import Provisioning

/// The `detail` JSON object of one audit-log entry, written by hand (keys in a fixed order, no
/// encoder per row: the executor writes a million of these). Never holds a password: a
/// password change is recorded as `"passwordIssued": true` only.
struct AuditDetail {
    private var text = "{"
    private var empty = true

    /// Adds `"key": "value"`, or `"key": null`.
    mutating func add(_ key: String, _ value: String?) {
        member(key)
        if let value { Self.quote(value, into: &text) } else { text += "null" }
    }

    /// Adds `"key": true|false`.
    mutating func add(_ key: String, _ value: Bool) {
        member(key)
        text += value ? "true" : "false"
    }

    /// Adds `"key": ["a", "b"]`.
    mutating func add(_ key: String, _ values: [String]) {
        member(key)
        text += "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            Self.quote(value, into: &text)
        }
        text += "]"
    }

    /// Adds `"key": [{"product": "SPE_E3", "disabledPlans": [...]}, ...]`.
    mutating func add(_ key: String, licenses: [LicenseAssignment]) {
        member(key)
        text += "["
        for (index, license) in licenses.enumerated() {
            if index > 0 { text += "," }
            var item = AuditDetail()
            item.add("product", license.partNumber)
            item.add("disabledPlans", license.disabledPlans)
            text += item.json
        }
        text += "]"
    }

    /// The finished object.
    var json: String { text + "}" }

    private mutating func member(_ key: String) {
        if !empty { text += "," }
        empty = false
        Self.quote(key, into: &text)
        text += ":"
    }

    /// Appends `value` as a JSON string (RFC 8259 §7).
    static func quote(_ value: String, into text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
