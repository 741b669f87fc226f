/// scrypt's cost parameters (RFC 7914 §2), stored with every hash so they can be raised later:
/// a hash made with other ones still verifies, and is re-made with the current ones at the
/// operator's next sign-in (``OperatorAccounts/authenticate(name:password:)``).
public struct ScryptParameters: Hashable, Sendable, CustomStringConvertible {
    /// log2 of the cost N (N = 2^15 by default).
    public var logN: Int
    /// Block size r.
    public var r: Int
    /// Parallelism p.
    public var p: Int

    /// Creates parameters; ``problem`` says whether they are usable.
    public init(logN: Int, r: Int, p: Int) {
        self.logN = logN
        self.r = r
        self.p = p
    }

    /// N=2^15, r=8, p=1: 32 MiB and a few tens of milliseconds per hash on this project's
    /// machines (OWASP's password storage cheat sheet lists N=2^17 as its first choice and
    /// equivalent trade-offs of memory for time; docs/portal-auth.md).
    public static let standard = ScryptParameters(logN: 15, r: 8, p: 1)

    /// The cost N.
    public var n: UInt64 { 1 << UInt64(logN) }

    /// Bytes of memory one hash takes (128·r·N).
    public var memory: Int { 128 * r << logN }

    /// Why these parameters cannot be used (stored by a damaged or hostile store, or asked
    /// for by mistake), or `nil`: 1 ≤ log2 N ≤ 22, 1 ≤ r ≤ 32, 1 ≤ p ≤ 16, at most 1 GiB.
    public var problem: String? {
        guard (1...22).contains(logN) else { return "scrypt log2 N \(logN) is outside 1...22" }
        guard (1...32).contains(r) else { return "scrypt r \(r) is outside 1...32" }
        guard (1...16).contains(p) else { return "scrypt p \(p) is outside 1...16" }
        guard memory <= 1 << 30 else { return "scrypt N=2^\(logN), r=\(r) needs more than 1 GiB" }
        return nil
    }

    /// `ln=15,r=8,p=1`, as in the encoded hash.
    public var description: String { "ln=\(logN),r=\(r),p=\(p)" }
}
