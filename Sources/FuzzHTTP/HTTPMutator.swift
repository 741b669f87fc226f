import FuzzSupport

/// A seeded mutator over HTTP-shaped tokens, deterministic for a seed.
struct HTTPMutator: FuzzMutator {
    var random: FuzzXorshift

    init(seed: UInt64) { random = FuzzXorshift(seed: seed) }

    /// Tokens that matter to a request parser: line ends, separators, framing fields.
    static let tokens: [[UInt8]] = [
        "\r\n", "\n", "\r", " ", "\t", ":", ";", ",", "\r\n\r\n", "0\r\n\r\n", "\0", "\u{7F}",
        "Content-Length: ", "Transfer-Encoding: chunked", "Transfer-Encoding: gzip, chunked", "Host: h",
        "Connection: close", "Connection: keep-alive", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "GET ", "POST ",
        "OPTIONS * ", "/", "?q=1", "ffffffffffffffffff", "7fffffffffffffff", "18446744073709551616", " :",
        "X: a\r\n b", ";name=\"v\"",
        // multipart/form-data (the multipart oracle's boundary is XyZ)
        "--XyZ", "\r\n--XyZ", "\r\n--XyZ\r\n", "--XyZ--", "\r\n--Xy", "Content-Disposition: form-data; name=\"a\"",
        "; filename=\"../../etc/passwd\"", "Content-Type: text/csv", "\"", "\\",
    ].map { Array($0.utf8) }

    private mutating func next() -> UInt64 { random.next() }

    private mutating func below(_ bound: Int) -> Int { random.below(bound) }

    /// A mutated copy of `input`, sometimes spliced with `other`; at most `limit` bytes.
    mutating func mutate(_ input: [UInt8], other: [UInt8], limit: Int) -> [UInt8] {
        var bytes = input.isEmpty ? [0] : input
        for _ in 0..<(1 + below(4)) {
            let at = 1 + below(bytes.count)
            switch below(8) {
            case 0: let i = below(bytes.count); bytes[i] ^= UInt8(1 << below(8))
            case 1: bytes.insert(UInt8(truncatingIfNeeded: next()), at: at)
            case 2: if bytes.count > 1 { bytes.remove(at: 1 + below(bytes.count - 1)) }
            case 3, 4: bytes.insert(contentsOf: Self.tokens[below(Self.tokens.count)], at: at)
            case 5:
                let start = below(bytes.count), end = min(bytes.count, start + 1 + below(128))
                bytes.insert(contentsOf: Array(bytes[start..<end]), at: at)
            case 6: bytes = Array(bytes[..<at]) + Array(other.dropFirst(min(other.count, 1 + below(max(1, other.count)))))
            default:
                let token = Self.tokens[below(Self.tokens.count)]
                bytes.insert(contentsOf: Array(repeating: token, count: 1 + below(80)).joined(), at: at)
            }
            if bytes.count > limit { bytes.removeLast(bytes.count - limit) }
            if bytes.isEmpty { bytes = [0] }
        }
        return bytes
    }
}
