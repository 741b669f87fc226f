import FuzzSupport

/// A seeded random mutator over a corpus, for machines without libFuzzer: byte flips,
/// insertions and deletions, CSV-shaped tokens (quotes, delimiters, line ends, marks, bad
/// UTF-8), chunk copies and splices of two inputs, and a new option byte (``FuzzSettings``).
/// Deterministic for a seed, so a failure can be reproduced from the seed and the count.
struct Mutator: FuzzMutator {
    var random: FuzzXorshift

    init(seed: UInt64) { random = FuzzXorshift(seed: seed) }

    /// Tokens that matter to a CSV reader and to intake.
    static let tokens: [[UInt8]] = [
        [0x22], [0x22, 0x22], [0x2C], [0x3B], [0x09], [0x7C], [0x0D, 0x0A], [0x0A], [0x0D], [0x00],
        [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], Array("sep=".utf8), Array("sep=;\n".utf8),
        [0xC3], [0xE6, 0x9E], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80],
        Array("UserPrincipalName".utf8), Array("DisplayName".utf8), Array("Licenses".utf8), Array("Action".utf8),
        Array("DisabledPlans".utf8), Array("Customer".utf8), Array("UsageLocation".utf8), Array("ObjectId".utf8),
        Array("version:v1.0".utf8), Array("[userPrincipalName]".utf8), Array("@contoso.com".utf8),
        Array("SPE_E3".utf8), Array("SPE_E3:TEAMS1".utf8), Array("=cmd|' /c calc'!A1".utf8), Array("restore".utf8),
        Array("create".utf8), Array("delete".utf8), Array("reset-password".utf8), Array("Yes".utf8),
        Array("05e9a617-0261-4cee-bb44-138d3ef5d965".utf8), Array("<script>".utf8), Array("../../etc/passwd".utf8),
    ]

    private mutating func next() -> UInt64 { random.next() }

    private mutating func below(_ bound: Int) -> Int { random.below(bound) }

    /// A mutated copy of `input`, sometimes spliced with `other`; at most `limit` bytes.
    mutating func mutate(_ input: [UInt8], other: [UInt8], limit: Int) -> [UInt8] {
        var bytes = input.isEmpty ? [0] : input
        for _ in 0..<(1 + below(6)) {
            let at = below(bytes.count + 1)
            switch below(11) {
            case 0: if !bytes.isEmpty { let i = below(bytes.count); bytes[i] ^= UInt8(1 << below(8)) }
            case 1: bytes.insert(UInt8(truncatingIfNeeded: next()), at: at)
            case 2: if bytes.count > 1 { bytes.remove(at: below(bytes.count)) }
            case 3, 4, 5: bytes.insert(contentsOf: Self.tokens[below(Self.tokens.count)], at: at)
            case 6:
                if bytes.count > 1 {
                    let start = below(bytes.count), end = min(bytes.count, start + 1 + below(64))
                    bytes.removeSubrange(start..<end)
                }
            case 7:
                if !bytes.isEmpty {
                    let start = below(bytes.count), end = min(bytes.count, start + 1 + below(256))
                    let chunk = Array(bytes[start..<end])
                    bytes.insert(contentsOf: chunk, at: below(bytes.count + 1))
                }
            case 8:
                if !other.isEmpty {
                    let cut = below(bytes.count + 1), from = below(other.count)
                    bytes = Array(bytes[..<cut]) + Array(other[from...])
                }
            case 9: bytes[0] = UInt8(truncatingIfNeeded: next())
            default:
                let token = Self.tokens[below(Self.tokens.count)]
                bytes.insert(contentsOf: Array(repeating: token, count: 1 + below(40)).joined(), at: at)
            }
            if bytes.count > limit { bytes.removeLast(bytes.count - limit) }
            if bytes.isEmpty { bytes = [0] }
        }
        return bytes
    }
}
