/// The injected source of randomness for passwords and object ids: the system CSPRNG in
/// production (``system()``), a seeded generator in tests.
public final class RandomSource: @unchecked Sendable {
    private var generator: any RandomNumberGenerator

    /// Wraps a generator.
    public init(_ generator: any RandomNumberGenerator) { self.generator = generator }

    /// The system's cryptographically secure generator (`getrandom(2)` on Linux).
    public static func system() -> RandomSource { RandomSource(SystemRandomNumberGenerator()) }

    /// A new temporary password.
    public func password() -> TemporaryPassword {
        var adapter = Adapter(source: self)
        return TemporaryPassword.generate(using: &adapter)
    }

    /// A new object id: a random (version 4) GUID, lower-case.
    public func objectID() -> String {
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { byte -> String in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
        }.joined()
        let characters = Array(hex)
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }
        return groups.joined(separator: "-")
    }

    fileprivate func next() -> UInt64 { generator.next() }

    private struct Adapter: RandomNumberGenerator {
        let source: RandomSource
        mutating func next() -> UInt64 { source.next() }
    }
}
