/// Header (or trailer) fields as received: one byte buffer and the field boundaries in it.
///
/// Names keep their case; lookups ignore ASCII case (RFC 9110 §5.1). Values are stored with
/// leading and trailing whitespace removed (RFC 9112 §5). Adding a field appends to the one
/// buffer, so parsing allocates nothing per header once the buffers have grown.
public struct HTTPHeaders: Sendable, Equatable {
    struct Field: Sendable, Equatable {
        var nameStart: Int, nameEnd: Int, valueEnd: Int
    }

    private(set) var storage: [UInt8] = []
    private(set) var fields: [Field] = []

    /// Creates an empty set of fields.
    public init() {}

    /// Creates fields from names and values, in order (for requests built in code, e.g. tests:
    /// nothing is checked, unlike what the parser accepts).
    public init(_ fields: [(name: String, value: String)]) {
        for (name, value) in fields { append(name: Array(name.utf8)[...], value: Array(value.utf8)[...]) }
    }

    /// The number of fields.
    public var count: Int { fields.count }

    /// Whether there are none.
    public var isEmpty: Bool { fields.isEmpty }

    /// The field at `index`, decoded (invalid UTF-8 replaced), in received order.
    public subscript(index: Int) -> (name: String, value: String) {
        let field = fields[index]
        return (String(decoding: storage[field.nameStart..<field.nameEnd], as: UTF8.self),
                String(decoding: storage[field.nameEnd..<field.valueEnd], as: UTF8.self))
    }

    /// Every field, in received order.
    public var all: [(name: String, value: String)] { (0..<count).map { self[$0] } }

    /// The values of every field named `name` (ASCII case ignored), in received order.
    public func values(_ name: String) -> [String] {
        valueRanges(Array(name.utf8)).map { String(decoding: storage[$0], as: UTF8.self) }
    }

    /// The first value of `name`, or nil.
    public func first(_ name: String) -> String? { values(name).first }

    /// The value byte ranges of the fields named `name` (lowercase ASCII expected).
    func valueRanges(_ name: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        for field in fields where (field.nameEnd - field.nameStart) == name.count {
            var same = true
            var at = field.nameStart
            for byte in name {
                if HTTPBytes.lower(storage[at]) != HTTPBytes.lower(byte) { same = false; break }
                at += 1
            }
            if same { found.append(field.nameEnd..<field.valueEnd) }
        }
        return found
    }

    /// The bytes in `range` of the storage.
    func bytes(_ range: Range<Int>) -> ArraySlice<UInt8> { storage[range] }

    /// Appends a field whose name and value the parser has checked.
    mutating func append(name: ArraySlice<UInt8>, value: ArraySlice<UInt8>) {
        let start = storage.count
        storage.append(contentsOf: name)
        let nameEnd = storage.count
        storage.append(contentsOf: value)
        fields.append(Field(nameStart: start, nameEnd: nameEnd, valueEnd: storage.count))
    }

    /// Empties the fields, keeping the buffers' capacity.
    mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
    }
}
