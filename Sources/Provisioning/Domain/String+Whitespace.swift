extension String {
    /// The string without leading and trailing white space (spaces, tabs, no-break spaces, line
    /// breaks), as cells are read.
    ///
    /// Returns `self` unchanged, without copying, when neither end is white space: the common
    /// case on the hot path, where Foundation's `trimmingCharacters(in:)` would bridge and copy.
    /// - Complexity: O(k) in the white space trimmed.
    var trimmedWhitespace: String {
        var text = self
        return text.withUTF8 { bytes in
            // Both ends ASCII and not white space: nothing to trim, and no scalar decoding.
            if let first = bytes.first, let last = bytes.last, first.isASCIIText, last.isASCIIText { return self }
            var start = 0, end = bytes.count
            while start < end {
                let (scalar, length) = Self.scalar(in: bytes, at: start)
                guard scalar.isIntakeWhitespace else { break }
                start += length
            }
            while end > start {
                var lead = end - 1
                while bytes[lead] & 0xC0 == 0x80 { lead -= 1 }   // back over continuation bytes
                guard Self.scalar(in: bytes, at: lead).0.isIntakeWhitespace else { break }
                end = lead
            }
            if start == 0 && end == bytes.count { return self }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    /// The scalar starting at `index` of valid UTF-8 (as a String's storage always is), and its
    /// length in bytes.
    private static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        func continuation(_ offset: Int) -> UInt32 { UInt32(bytes[index + offset] & 0x3F) }
        let (value, length): (UInt32, Int)
        switch lead {
        case ..<0x80: (value, length) = (lead, 1)
        case ..<0xE0: (value, length) = ((lead & 0x1F) << 6 | continuation(1), 2)
        case ..<0xF0: (value, length) = ((lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2), 3)
        default: (value, length) = ((lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3), 4)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// Whether the string is empty or only white space.
    var isBlank: Bool {
        var text = self
        return text.withUTF8 { bytes in
            if let first = bytes.first, first.isASCIIText { return false }
            var index = 0
            while index < bytes.count {
                let (scalar, length) = Self.scalar(in: bytes, at: index)
                guard scalar.isIntakeWhitespace else { return false }
                index += length
            }
            return true
        }
    }
}

extension Unicode.Scalar {
    /// Unicode's `White_Space` property, from its list (PropList.txt, unchanged since Unicode
    /// 6.3): a property look-up per cell end cost more than the rest of trimming it.
    var isIntakeWhitespace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}

extension UInt8 {
    /// An ASCII byte that is not white space (nor any other control character).
    fileprivate var isASCIIText: Bool { self > 0x20 && self < 0x7F }
}
