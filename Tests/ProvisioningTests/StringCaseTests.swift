import Testing
@testable import Provisioning

/// The ASCII fast paths of case folding and trimming agree with the standard library's
/// `lowercased()`, `uppercased()` and a scalar-by-scalar trim on seeded random text.
@Suite struct StringCaseTests {
    /// Random strings over ASCII letters, digits and punctuation, Latin-1 and Turkish letters
    /// (whose case mappings change length), Greek, CJK, and white space.
    static func samples(count: Int) -> [String] {
        let pool: [Unicode.Scalar] = Array("aZ09._-@ ÄäßİıΣσς陳\t\u{A0}\u{3000}".unicodeScalars)
            + (0x41...0x5A).compactMap(Unicode.Scalar.init) + (0x61...0x7A).compactMap(Unicode.Scalar.init)
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
        return (0..<count).map { _ in
            var text = String.UnicodeScalarView()
            let asciiOnly = next(2) == 0
            for _ in 0..<next(10) {
                var scalar = pool[next(pool.count)]
                while asciiOnly && !scalar.isASCII { scalar = pool[next(pool.count)] }
                text.append(scalar)
            }
            return String(text)
        }
    }

    @Test func fastCaseMatchesTheStandardLibrary() {
        for text in Self.samples(count: 5_000) {
            #expect(text.fastLowercased == text.lowercased(), "\(text)")
            #expect(text.fastUppercased == text.uppercased(), "\(text)")
        }
    }

    @Test func equalsIgnoringCaseMatchesLowercasedComparison() {
        let samples = Self.samples(count: 600)
        for (left, right) in zip(samples, samples.dropFirst()) {
            #expect(left.equalsIgnoringCase(right) == (left.lowercased() == right.lowercased()), "\(left) / \(right)")
            let shuffled = left.map { $0.isUppercase ? $0.lowercased() : $0.uppercased() }.joined()
            #expect(left.equalsIgnoringCase(shuffled) == (left.lowercased() == shuffled.lowercased()), "\(left) / \(shuffled)")
        }
        #expect("Alice@Contoso.com".equalsIgnoringCase("alice@contoso.COM"))
        #expect(!"alice@contoso.com".equalsIgnoringCase("alice@contoso.co"))
        #expect(!"a[".equalsIgnoringCase("a{"))
        #expect("ÄNNA@x".equalsIgnoringCase("änna@X"))
    }

    @Test func trimmedWhitespaceMatchesAScalarTrim() {
        for text in Self.samples(count: 3_000) {
            var scalars = Array(text.unicodeScalars)
            while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
            while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
            var expected = String.UnicodeScalarView()
            expected.append(contentsOf: scalars)
            #expect(text.trimmedWhitespace == String(expected), "\(text.unicodeScalars.map(\.value))")
        }
    }
}

@Suite struct WhiteSpaceListTests {
    /// The explicit list agrees with the standard library's property on every scalar.
    @Test func whiteSpaceListMatchesUnicodeProperty() {
        var disagreements: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if scalar.isIntakeWhitespace != scalar.properties.isWhitespace { disagreements.append(value) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.map { String($0, radix: 16) })")
    }
}
