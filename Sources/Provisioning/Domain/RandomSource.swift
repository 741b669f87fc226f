#if canImport(Glibc)
import Glibc
#endif

/// The injected source of randomness for passwords and object ids: the system CSPRNG in
/// production (``system()``), a seeded generator in tests.
public final class RandomSource: @unchecked Sendable {
    private var generator: any RandomNumberGenerator

    /// Wraps a generator.
    public init(_ generator: any RandomNumberGenerator) { self.generator = generator }

    /// The system's cryptographically secure generator: the kernel's CSPRNG through
    /// `getrandom(2)`, read 4 KiB at a time (one system call per ~100 passwords instead of
    /// one per character).
    public static func system() -> RandomSource {
        #if canImport(Glibc)
        return RandomSource(BufferedSystemRandom())
        #else
        return RandomSource(SystemRandomNumberGenerator())
        #endif
    }

    /// A new temporary password.
    public func password() -> TemporaryPassword {
        var adapter = Adapter(source: self)
        return TemporaryPassword.generate(using: &adapter)
    }

    /// A new object id: a random (version 4) GUID, lower-case.
    public func objectID() -> String {
        let high = generator.next(), low = generator.next()
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: high >> ($0 * 8)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> ($0 * 8)) }
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

#if canImport(Glibc)
/// The kernel CSPRNG read from `/dev/urandom` (on Linux the same ChaCha20 generator as
/// `getrandom(2)`), buffered: each refill reads 512 words. If the device cannot be read, the
/// standard library's `SystemRandomNumberGenerator` (also the kernel CSPRNG) fills in.
struct BufferedSystemRandom: RandomNumberGenerator {
    private var buffer = [UInt64](repeating: 0, count: 512)
    private var index = 512

    mutating func next() -> UInt64 {
        if index == buffer.count { refill() }
        defer { index += 1 }
        return buffer[index]
    }

    private mutating func refill() {
        let descriptor = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        defer { if descriptor >= 0 { close(descriptor) } }
        buffer.withUnsafeMutableBytes { raw in
            var filled = 0
            while descriptor >= 0, filled < raw.count {
                let got = read(descriptor, raw.baseAddress.map { $0 + filled }, raw.count - filled)
                if got > 0 { filled += got } else if got == 0 || errno != EINTR { break }
            }
            if filled < raw.count {
                var system = SystemRandomNumberGenerator()
                for offset in filled..<raw.count { raw[offset] = UInt8.random(in: 0...255, using: &system) }
            }
        }
        index = 0
    }
}
#endif
