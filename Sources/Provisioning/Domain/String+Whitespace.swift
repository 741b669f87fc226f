extension String {
    /// The string without leading and trailing white space (spaces, tabs, no-break spaces, line
    /// breaks), as cells are read.
    ///
    /// Returns `self` unchanged, without copying, when neither end is white space: the common
    /// case on the hot path, where Foundation's `trimmingCharacters(in:)` would bridge and copy.
    /// - Complexity: O(k) in the white space trimmed.
    var trimmedWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last,
              first.isIntakeWhitespace || last.isIntakeWhitespace else { return self }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start].isIntakeWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].isIntakeWhitespace {
            end = scalars.index(before: end)
        }
        return String(scalars[start..<end])
    }

    /// Whether the string is empty or only white space.
    var isBlank: Bool { unicodeScalars.allSatisfy(\.isIntakeWhitespace) }
}

extension Unicode.Scalar {
    /// Unicode's `White_Space`, answered without a property lookup for ASCII.
    fileprivate var isIntakeWhitespace: Bool {
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        return properties.isWhitespace
    }
}
