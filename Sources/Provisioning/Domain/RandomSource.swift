import Foundation
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

    private var lastMillisecond: UInt64 = 0
    private var counter: UInt64 = 0

    /// A new object id: a time-ordered GUID (RFC 9562 version 7), lower-case.
    ///
    /// 48 bits of Unix milliseconds from `now` (the injected clock), then a 30-bit counter
    /// that starts at a random value each millisecond and counts up within a run (RFC 9562's
    /// "fixed-length dedicated counter" method), then 44 random bits. Ids made in one run are
    /// ascending, so a million new users append to the store's object-id index instead of
    /// landing at random pages (`docs/store.md` measured random v4 ids about 60% slower), and
    /// 44 random bits per id keep ids of different runs and processes apart.
    public func objectID(at now: Date) -> String {
        let millisecond = UInt64(max(0, now.timeIntervalSince1970 * 1000)) & 0xFFFF_FFFF_FFFF
        if millisecond != lastMillisecond {
            lastMillisecond = millisecond
            counter = generator.next() & 0x0FFF_FFFF      // 28 random bits: room to count up
        } else {
            counter = (counter + 1) & 0x3FFF_FFFF
        }
        let random = generator.next() & 0x0FFF_FFFF_FFFF
        let high = millisecond << 16 | 0x7000 | (counter >> 18)                     // time, version, counter high 12
        let low = 0x8000_0000_0000_0000 | (counter & 0x3FFFF) << 44 | random         // variant, counter low 18, random 44
        return Self.guid(high, low)
    }

    /// `high` and `low` as `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    static func guid(_ high: UInt64, _ low: UInt64) -> String {
        String(unsafeUninitializedCapacity: 36) { bytes in
            var position = 0
            for index in 0..<32 {
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    bytes[position] = UInt8(ascii: "-")
                    position += 1
                }
                let word = index < 16 ? high : low
                let nibble = UInt8(truncatingIfNeeded: word >> UInt64(60 - (index % 16) * 4)) & 0xF
                bytes[position] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                position += 1
            }
            return 36
        }
    }

    /// `count` random bytes (salts, session ids, CSRF tokens).
    public func bytes(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 7)
        while bytes.count < count {
            withUnsafeBytes(of: generator.next().littleEndian) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(count))
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
