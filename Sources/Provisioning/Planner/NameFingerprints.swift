/// The user names seen so far in one input, as 64-bit fingerprints with the line each was
/// first seen on: 12 bytes per name in an open-addressing table (linear probing, at most 70%
/// full), a third of what a `[UInt64: Int]` dictionary takes, so a million-row file costs
/// 24 MiB here and nothing else grows with the input.
struct NameFingerprints {
    private var keys: [UInt64]
    private var lines: [UInt32]
    private var count = 0
    private var mask: Int

    init(capacity: Int = 1 << 12) {
        var size = 16
        while size < capacity { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        lines = [UInt32](repeating: 0, count: size)
        mask = size - 1
    }

    /// Records `name` (already lower-cased) at `line`.
    /// - Returns: the line it was first seen on, when it was seen before.
    mutating func firstSighting(of name: String, line: Int) -> Int? {
        let key = Self.fingerprint(name)
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while keys[slot] != 0 {
            if keys[slot] == key { return Int(lines[slot]) }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        lines[slot] = UInt32(clamping: line)
        count += 1
        if count * 10 > keys.count * 7 { grow() }
        return nil
    }

    private mutating func grow() {
        let oldKeys = keys, oldLines = lines
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        lines = [UInt32](repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        for index in oldKeys.indices where oldKeys[index] != 0 {
            var slot = Int(truncatingIfNeeded: (oldKeys[index] &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
            while keys[slot] != 0 { slot = (slot + 1) & mask }
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
