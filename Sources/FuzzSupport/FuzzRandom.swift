/// The fuzz drivers' seeded xorshift generator: deterministic for a seed, so a failure can be
/// reproduced from the seed and the execution count.
public struct FuzzXorshift: Sendable {
    private var state: UInt64

    /// A generator for `seed` (any value; zero is mapped to a valid state).
    public init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    /// A number in `0..<bound` (0 when `bound` is at most 1).
    public mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }
}

/// A seeded mutator of one fuzz target: how it changes an input, sometimes splicing another.
public protocol FuzzMutator {
    /// The generator the driver also draws from (to pick bases and keep mutants).
    var random: FuzzXorshift { get set }
    /// A mutated copy of `input`, sometimes spliced with `other`; at most `limit` bytes.
    mutating func mutate(_ input: [UInt8], other: [UInt8], limit: Int) -> [UInt8]
}
