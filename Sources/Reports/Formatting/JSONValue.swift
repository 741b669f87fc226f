/// A JSON value whose object keys keep the order they were given in, so that the JSON
/// report's key order is fixed by the code (and documented), not by a hash.
public enum JSONValue {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// A string, or `null` when absent.
    public static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// An int, or `null` when absent.
    public static func optional(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }

    /// An array of strings.
    public static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    /// The value as JSON text, pretty-printed with two spaces per level; `indent` is the
    /// level of the line it starts on (its first line is not indented). Arrays of scalars,
    /// and objects of scalars that fit in 72 characters, stay on one line.
    public func rendered(indent: Int = 0) -> String {
        var text = ""
        render(into: &text, indent: indent)
        return text
    }

    private func render(into text: inout String, indent: Int) {
        switch self {
        case .string(let value): text += JSONText.quote(value)
        case .int(let value): text += String(value)
        case .bool(let value): text += value ? "true" : "false"
        case .null: text += "null"
        case .array(let items):
            if items.isEmpty { text += "[]"; return }
            if items.allSatisfy(\.isScalar) {
                text += "[" + items.map { $0.rendered() }.joined(separator: ", ") + "]"
                return
            }
            text += "[\n"
            for (index, item) in items.enumerated() {
                text += String(repeating: "  ", count: indent + 1)
                item.render(into: &text, indent: indent + 1)
                text += index == items.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty { text += "{}"; return }
            if members.allSatisfy({ $0.1.isScalar }) {
                let inline = "{" + members.map { JSONText.quote($0.0) + ": " + $0.1.rendered() }.joined(separator: ", ") + "}"
                if inline.count <= 72 { text += inline; return }
            }
            text += "{\n"
            for (index, (key, value)) in members.enumerated() {
                text += String(repeating: "  ", count: indent + 1) + JSONText.quote(key) + ": "
                value.render(into: &text, indent: indent + 1)
                text += index == members.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: "  ", count: indent) + "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}

extension JSONValue {
    /// The value as a whole document: ``rendered(indent:)`` and a final line break.
    public var document: String { rendered() + "\n" }
}
