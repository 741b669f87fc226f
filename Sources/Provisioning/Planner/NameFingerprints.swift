/// The user names seen so far in one input, as 64-bit fingerprints with the line each was
/// first seen on: 12 bytes per slot in an open-addressing table (linear probing, at most 75%
/// full), a third of what a `[UInt64: Int]` dictionary takes. Sized from the input's row count
/// up front, a million-row file costs 16 MiB here and nothing else grows with the input.
struct NameFingerprints {
    private var keys: [UInt64]
    private var lines: [UInt32]
    private var count = 0

    /// A table of `capacity` slots (at least 16), any number of them.
    init(capacity: Int = 1 << 12) {
        keys = [UInt64](repeating: 0, count: max(16, capacity))
        lines = [UInt32](repeating: 0, count: max(16, capacity))
    }

    /// A table that holds `names` names (an input's row count; 0 when unknown) at its 75 %
    /// fill without growing: 16 MiB for a million. Sized for at most 16 million names, at
    /// least 4,096 slots.
    init(expectedNames names: Int) {
        self.init(capacity: max(1 << 12, min(names, 1 << 24) * 4 / 3 + 1))
    }

    /// Records `name` (already lower-cased) at `line`.
    /// - Returns: the line it was first seen on, when it was seen before.
    mutating func firstSighting(of name: String, line: Int) -> Int? {
        let key = Self.fingerprint(name)
        var slot = Self.home(of: key, in: keys.count)
        while keys[slot] != 0 {
            if keys[slot] == key { return Int(lines[slot]) }
            slot = Self.next(after: slot, in: keys.count)
        }
        keys[slot] = key
        lines[slot] = UInt32(clamping: line)
        count += 1
        if count * 4 > keys.count * 3 { grow() }
        return nil
    }

    /// The first slot to try: the key scaled to the table's size (a multiply, no modulo).
    private static func home(of key: UInt64, in size: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15).multipliedFullWidth(by: UInt64(size)).high)
    }

    /// The slot probed after `slot`, wrapping at the end.
    private static func next(after slot: Int, in size: Int) -> Int { slot + 1 == size ? 0 : slot + 1 }

    private mutating func grow() {
        let oldKeys = keys, oldLines = lines
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        lines = [UInt32](repeating: 0, count: oldKeys.count * 2)
        for index in oldKeys.indices where oldKeys[index] != 0 {
            var slot = Self.home(of: oldKeys[index], in: keys.count)
            while keys[slot] != 0 { slot = Self.next(after: slot, in: keys.count) }
            keys[slot] = oldKeys[index]
            lines[slot] = oldLines[index]
        }
    }

    /// FNV-1a 64-bit fingerprint of a name, never 0 (0 marks an empty slot). Two different
    /// names collide with probability about n²/2⁶⁵: 3·10⁻⁸ for a million rows.
    static func fingerprint(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash == 0 ? 1 : hash
    }
}
