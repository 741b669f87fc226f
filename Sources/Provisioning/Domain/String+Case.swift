extension String {
    /// `lowercased()`, with a fast path for ASCII: returns `self` without copying when there is
    /// nothing to lower (user names, part numbers and GUIDs usually), and folds ASCII bytes
    /// directly otherwise. Non-ASCII text goes through `lowercased()` unchanged.
    ///
    /// The planner folds every user name of a million-row file at least twice; `lowercased()`
    /// allocated each time.
    public var fastLowercased: String { folded(from: 0x41, adding: 0x20) ?? lowercased() }

    /// `uppercased()`, with the same fast path as ``fastLowercased``.
    public var fastUppercased: String { folded(from: 0x61, subtracting: 0x20) ?? uppercased() }

    /// ASCII case folding: the 26 letters from `first` moved by `offset`; `nil` when the text is
    /// not all ASCII.
    private func folded(from first: UInt8, adding offset: UInt8 = 0, subtracting back: UInt8 = 0) -> String? {
        var text = self
        return text.withUTF8 { bytes -> String? in
            var changes = false
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte &- first < 26 { changes = true }
            }
            guard changes else { return self }
            return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                for (index, byte) in bytes.enumerated() {
                    buffer[index] = byte &- first < 26 ? byte &+ offset &- back : byte
                }
                return bytes.count
            }
        }
    }
}

extension StringProtocol {
    /// Whether the two are equal ignoring case: ASCII letters folded byte by byte, anything else
    /// compared by `lowercased()`. Used where `caseInsensitiveCompare` bridged to Foundation for
    /// every candidate of every row.
    func equalsIgnoringCase<Other: StringProtocol>(_ other: Other) -> Bool {
        var mine = utf8.makeIterator(), theirs = other.utf8.makeIterator()
        while true {
            switch (mine.next(), theirs.next()) {
            case (nil, nil):
                return true
            case let (a?, b?):
                if a == b { continue }
                if a >= 0x80 || b >= 0x80 { return lowercased() == other.lowercased() }
                if a | 0x20 != b | 0x20 || a | 0x20 &- 0x61 >= 26 { return false }
            default:
                return utf8.contains { $0 >= 0x80 } || other.utf8.contains { $0 >= 0x80 }
                    ? lowercased() == other.lowercased() : false
            }
        }
    }
}
