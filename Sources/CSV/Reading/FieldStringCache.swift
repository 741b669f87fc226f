// Design note: most columns of real exports repeat a handful of values (country, department,
// office, job title, licenses), and a `String` over 15 bytes costs an allocation and a free.
// `CSVReader.nextRecord()` therefore looks each short field up in a small direct-mapped table of
// the Strings it made recently and hands out the same (immutable, reference-counted) String
// when the bytes are equal. The result is exactly the String it would have made; the table's
// memory is fixed (`slotCount` slots of at most `maxKeyBytes` bytes).

/// Recently made field `String`s by content, so that repeated values are not allocated again.
final class FieldStringCache {
    /// Fields longer than this are always made afresh (long values rarely repeat).
    static let maxKeyBytes = 64
    private static let slotBits = 10
    private static let slotCount = 1 << slotBits

    private let keys: UnsafeMutablePointer<UInt8>
    private let lengths: UnsafeMutablePointer<Int>
    private let values: UnsafeMutablePointer<String>
    /// Strings of 1...15 bytes (stored inline in the String, so only making them costs): keyed by
    /// their bytes as two words, the length in the second word's top byte.
    private let smallKeys: UnsafeMutablePointer<SIMD2<UInt64>>
    private let smallValues: UnsafeMutablePointer<String>
    /// Per column: lookups and hits in the current window, and fields left to make without lookup.
    private let tries: UnsafeMutablePointer<Int>
    private let hits: UnsafeMutablePointer<Int>
    private let skips: UnsafeMutablePointer<Int>
    private static let trackedColumns = 64
    private static let window = 256
    private static let skipLength = 4096

    init() {
        keys = .allocate(capacity: Self.slotCount * Self.maxKeyBytes)
        keys.initialize(repeating: 0, count: Self.slotCount * Self.maxKeyBytes)
        lengths = .allocate(capacity: Self.slotCount)
        lengths.initialize(repeating: -1, count: Self.slotCount)
        values = .allocate(capacity: Self.slotCount)
        values.initialize(repeating: "", count: Self.slotCount)
        smallKeys = .allocate(capacity: Self.slotCount)
        smallKeys.initialize(repeating: SIMD2(0, 0), count: Self.slotCount)
        smallValues = .allocate(capacity: Self.slotCount)
        smallValues.initialize(repeating: "", count: Self.slotCount)
        tries = .allocate(capacity: Self.trackedColumns * 3)
        tries.initialize(repeating: 0, count: Self.trackedColumns * 3)
        hits = tries + Self.trackedColumns
        skips = hits + Self.trackedColumns
    }

    deinit {
        keys.deallocate()
        lengths.deallocate()
        values.deinitialize(count: Self.slotCount)
        values.deallocate()
        smallKeys.deallocate()
        smallValues.deinitialize(count: Self.slotCount)
        smallValues.deallocate()
        tries.deallocate()
    }

    /// The `String` of the `count` valid UTF-8 bytes at `bytes` (field `column` of its record),
    /// of which `readable` (at least `count`) may be read, so that short keys load as two words.
    @inline(__always)
    func string(_ bytes: UnsafePointer<UInt8>, count: Int, readable: Int, column: Int) -> String {
        if count < 16 {
            if count == 0 { return "" }
            return small(bytes, count: count, readable: readable)
        }
        if count > Self.maxKeyBytes { return Self.make(bytes, count) }
        // Columns of unique values (e-mail addresses, ids) would only churn the table: a column
        // whose last `window` lookups found less than one in eight is made afresh for a while.
        let tracked = column < Self.trackedColumns
        if tracked {
            if skips[column] > 0 {
                skips[column] &-= 1
                return Self.make(bytes, count)
            }
            tries[column] &+= 1
            if tries[column] == Self.window {
                if hits[column] < Self.window / 8 { skips[column] = Self.skipLength }
                tries[column] = 0
                hits[column] = 0
            }
        }
        let slot = Self.slot(bytes, count: count)
        let key = keys + slot &* Self.maxKeyBytes
        if lengths[slot] == count && Self.equal(key, bytes, count) {
            if tracked { hits[column] &+= 1 }
            return values[slot]
        }
        let made = Self.make(bytes, count)
        key.update(from: bytes, count: count)
        lengths[slot] = count
        values[slot] = made
        return made
    }

    /// A String of 1...15 bytes, from the small table when it holds the same bytes. An empty
    /// slot's key (all zero) never matches, since a key's length byte is at least 1.
    @inline(__always)
    private func small(_ bytes: UnsafePointer<UInt8>, count: Int, readable: Int) -> String {
        var low: UInt64 = 0, high: UInt64 = 0
        if readable >= 16 {
            let raw = UnsafeRawPointer(bytes)
            low = raw.loadUnaligned(as: UInt64.self)
            high = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            if count < 8 {
                low &= UInt64.max &>> UInt64(64 &- 8 &* count)
                high = 0
            } else {
                high &= UInt64.max &>> UInt64(128 &- 8 &* count)
            }
        } else {
            for k in 0..<count {
                let byte = UInt64(bytes[k])
                if k < 8 { low |= byte &<< UInt64(8 &* k) } else { high |= byte &<< UInt64(8 &* (k &- 8)) }
            }
        }
        high |= UInt64(truncatingIfNeeded: count) &<< 56
        var hash = (low ^ (high &* 0x9E37_79B9_7F4A_7C15)) &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash &>> 29
        let slot = Int(truncatingIfNeeded: hash &>> UInt64(64 - Self.slotBits))
        let key = SIMD2(low, high)
        if smallKeys[slot] == key { return smallValues[slot] }
        let made = Self.make(bytes, count)
        smallKeys[slot] = key
        smallValues[slot] = made
        return made
    }

    /// A `String` from bytes already validated as UTF-8 (see ``CSVByteRecord``), flagged ASCII
    /// when they are.
    ///
    /// Swift keeps an ASCII flag in every String: with it, hashing and comparing take the byte
    /// path; without it, they first check the String for normalization (NFC) every time. Strings
    /// of up to 15 bytes are stored inline and find the flag themselves; longer ones get it only
    /// from what they are made of, so their bytes are checked here, a word at a time.
    /// Kept out of line: it is called for the fields the table does not hold, and inlined at
    /// each of its call sites it made ``CSVByteRecord/setStrings(of:cache:)`` too large to inline
    /// its own loops (callgrind: 12 M more instructions per 100,000 rows than this call costs).
    /// - Complexity: O(n) in `count`.
    @inline(never)
    static func make(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> String {
        let ascii = count >= 16 && isASCII(bytes, count)
        return String(copying: UTF8Span(unchecked: UnsafeBufferPointer(start: bytes, count: count).span,
                                        isKnownASCII: ascii))
    }

    /// Whether the `count` (at least 8) bytes at `bytes` are all below 0x80, a word at a time
    /// (the last word overlaps the one before it).
    @inline(__always)
    static func isASCII(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let raw = UnsafeRawPointer(bytes)
        var high: UInt64 = 0
        var at = 0
        while at &+ 8 < count {
            high |= raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)
            at &+= 8
        }
        high |= raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// Whether the `count` (16...maxKeyBytes) bytes at `a` and `b` are equal, a word at a time
    /// (the last word overlaps the one before it).
    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
        var at = 0
        var differ: UInt64 = 0
        while at &+ 8 < count {
            differ |= x.loadUnaligned(fromByteOffset: at, as: UInt64.self) ^ y.loadUnaligned(fromByteOffset: at, as: UInt64.self)
            at &+= 8
        }
        let last = count &- 8
        differ |= x.loadUnaligned(fromByteOffset: last, as: UInt64.self) ^ y.loadUnaligned(fromByteOffset: last, as: UInt64.self)
        return differ == 0
    }

    /// The table slot for a key of 16...maxKeyBytes bytes: a multiply-xor hash over 8-byte words
    /// (the last word overlaps the one before it).
    @inline(__always)
    private static func slot(_ bytes: UnsafePointer<UInt8>, count: Int) -> Int {
        let raw = UnsafeRawPointer(bytes)
        var hash = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        var at = 0
        while at &+ 8 < count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            at &+= 8
        }
        hash = (hash ^ raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash &>> 29
        return Int(truncatingIfNeeded: hash &>> UInt64(64 - slotBits))
    }
}
