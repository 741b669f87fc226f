/// One record as bytes: all field contents in one contiguous buffer, one separator byte between
/// two fields, plus the end offset of each field, reused from record to record by
/// ``CSVReader/nextByteRecord(into:)``.
///
/// Field bytes are valid UTF-8 (the reader validates or transcodes), quotes removed and
/// doubled quotes undone. Make `String`s only for the fields you use.
public struct CSVByteRecord: Sendable {
    /// Backing store for field bytes; the fields and the separators between them are its first
    /// `ends[count - 1]` bytes.
    var storage: [UInt8]
    /// Backing store for field end offsets; only the first ``count`` are in use. Field k + 1
    /// starts at `ends[k] + 1`: the byte between them is the separator (the input's delimiter).
    var ends: [Int]
    /// Bytes of field content in the record (separators not counted).
    public internal(set) var byteCount = 0
    /// Number of fields.
    public internal(set) var count = 0
    /// Where the record starts.
    public internal(set) var position = CSVPosition()

    /// Creates an empty record with room for `capacity` bytes and `fields` fields (it grows as needed).
    public init(capacity: Int = 4096, fields: Int = 64) {
        storage = [UInt8](repeating: 0, count: max(capacity, 16))
        ends = [Int](repeating: 0, count: max(fields, 4))
    }

    /// The byte range of field `index`.
    /// - Precondition: `0 <= index < count`.
    public func range(of index: Int) -> Range<Int> {
        precondition(index >= 0 && index < count, "field index \(index) out of range 0..<\(count)")
        return (index == 0 ? 0 : ends[index - 1] + 1)..<ends[index]
    }

    /// Calls `body` with the bytes of field `index`, without copying.
    /// - Complexity: O(1) plus `body`.
    public func withField<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let range = range(of: index)
        return try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Whether field `index` is empty.
    public func isEmpty(_ index: Int) -> Bool { range(of: index).isEmpty }

    /// Field `index` as a `String`.
    /// - Complexity: O(n) in the field's length; allocates for fields over 15 bytes.
    public func string(_ index: Int) -> String {
        withField(index) { Self.makeString($0) }
    }

    /// Every field as a `String`.
    public var strings: [String] {
        var result: [String] = []
        result.reserveCapacity(count)
        storage.withUnsafeBufferPointer { buffer in
            var start = 0
            for index in 0..<count {
                let end = ends[index]
                result.append(Self.makeString(UnsafeBufferPointer(rebasing: buffer[start..<end])))
                start = end + 1
            }
        }
        return result
    }

    /// Puts every field as a `String` into `result`, overwriting its elements in place (records
    /// of a file mostly have the same width), and taking Strings of repeated values from `cache`
    /// instead of making (and allocating) them again.
    func setStrings(of result: inout [String], cache: FieldStringCache) {
        let count = self.count
        if result.count > count {
            result.removeLast(result.count &- count)
        }
        let reused = result.count
        storage.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let size = buffer.count
            var start = 0
            ends.withUnsafeBufferPointer { ends in
                result.withUnsafeMutableBufferPointer { slots in
                    for index in 0..<reused {
                        let end = ends[index]
                        slots[index] = cache.string(base + start, count: end &- start, readable: size &- start,
                                                    column: index)
                        start = end &+ 1
                    }
                }
                if reused < count { result.reserveCapacity(count) }
                for index in reused..<count {
                    let end = ends[index]
                    result.append(cache.string(base + start, count: end &- start, readable: size &- start,
                                               column: index))
                    start = end &+ 1
                }
            }
        }
    }

    /// A `String` from field bytes without validating them again: the reader only stores valid
    /// UTF-8 (validated, or transcoded by iconv and validated), and fields split only at ASCII
    /// bytes, so every field is whole UTF-8 sequences. Flagged ASCII when it is (see
    /// ``FieldStringCache/make(_:_:)``).
    @inline(__always)
    private static func makeString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard let base = bytes.baseAddress else { return "" }
        return FieldStringCache.make(base, bytes.count)
    }
}
