import Foundation

/// One value bound to a `$n` parameter: text (PostgreSQL's text input format of the
/// parameter's type), raw bytes (binary format, for `bytea`), or SQL `NULL`. Values never
/// enter SQL text.
public enum Parameter: Sendable, Hashable {
    /// SQL `NULL`.
    case null
    /// The value in the parameter type's text format.
    case text(String)
    /// The value in binary format: for `bytea`, the bytes themselves.
    case bytes([UInt8])
}

/// A Swift value that binds to a `$n` parameter.
public protocol PostgresBindable {
    /// The parameter this value binds as.
    var postgresParameter: Parameter { get }
}

extension Parameter: PostgresBindable {
    public var postgresParameter: Parameter { self }
}

extension String: PostgresBindable {
    public var postgresParameter: Parameter { .text(self) }
}

extension Int: PostgresBindable {
    public var postgresParameter: Parameter { .text(String(self)) }
}

extension Int64: PostgresBindable {
    public var postgresParameter: Parameter { .text(String(self)) }
}

extension Double: PostgresBindable {
    /// Shortest round-tripping decimal text (`0.1`, `1.7934912e+09`), which `float8` reads back exactly.
    public var postgresParameter: Parameter { .text("\(self)") }
}

extension Bool: PostgresBindable {
    public var postgresParameter: Parameter { .text(self ? "true" : "false") }
}

extension Array: PostgresBindable where Element == UInt8 {
    public var postgresParameter: Parameter { .bytes(self) }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    public var postgresParameter: Parameter { map(\.postgresParameter) ?? .null }
}

/// A text array in PostgreSQL's array literal format (`{"a","b"}`), for `$n::text[]`
/// parameters of the batched statements (`unnest`): every element quoted, `"` and `\` escaped.
public struct TextArray: PostgresBindable, Sendable {
    /// The elements; `nil` is an SQL `NULL` element.
    public var elements: [String?]

    /// Creates an array.
    public init(_ elements: [String?]) { self.elements = elements }

    public var postgresParameter: Parameter {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(elements.count * 24)
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            guard var element else { bytes += [UInt8(ascii: "N"), UInt8(ascii: "U"), UInt8(ascii: "L"), UInt8(ascii: "L")]; continue }
            bytes.append(UInt8(ascii: "\""))
            element.withUTF8 { utf8 in
                for byte in utf8 {
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
                    bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "}"))
        return .text(String(decoding: bytes, as: UTF8.self))
    }
}
