/// A request body handed to a streaming route's handler piece by piece, as it arrives
/// (docs/http.md, Bodies and forms).
///
/// The server reads the socket only when the handler asks for the next piece, so an upload is
/// never held whole: a piece is at most what one read of the socket brought (16 KiB). The
/// route's limit is enforced while reading: a `Content-Length` over it is refused before the
/// handler runs, a chunked body that grows past it throws ``Failure`` with status 413 mid-way.
/// Whatever the handler then returns, the server answers the failure's status and closes, so
/// a handler only has to clean up (remove what it wrote) and rethrow or return.
public final class HTTPBodyReader: @unchecked Sendable {
    /// Why the body could not be read: a parser rejection (400, 413), a timeout (408) or the
    /// client gone (400 `incompleteRequest`).
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The status the server answers.
        public let status: Int
        /// The rule broken (an ``HTTPParseError/Code`` raw value, or `requestTimeout`).
        public let rule: String

        /// Creates a failure.
        public init(status: Int, rule: String) {
            self.status = status
            self.rule = rule
        }

        /// `"413 bodyTooLarge"`.
        public var description: String { "\(status) \(rule)" }
    }

    private let pull: () throws(Failure) -> [UInt8]?
    /// Body bytes handed out so far.
    public private(set) var bytesRead = 0
    /// The failure that ended reading, if any.
    public private(set) var failure: Failure?
    /// Whether the whole body has been read.
    public private(set) var isFinished = false

    init(pull: @escaping () throws(Failure) -> [UInt8]?) {
        self.pull = pull
    }

    /// A reader over bytes already in memory (tests, and routes called without a socket), in
    /// pieces of `pieceBytes`; more than `maxBodyBytes` fails with 413 as the server would.
    public convenience init(bytes: [UInt8], maxBodyBytes: Int = .max, pieceBytes: Int = 16 * 1024) {
        var offset = 0
        let piece = max(1, pieceBytes)
        self.init { () throws(Failure) -> [UInt8]? in
            guard offset < bytes.count else { return nil }
            guard bytes.count <= maxBodyBytes else { throw Failure(status: 413, rule: HTTPParseError.Code.bodyTooLarge.rawValue) }
            let end = min(bytes.count, offset + piece)
            defer { offset = end }
            return Array(bytes[offset..<end])
        }
    }

    /// The next piece of the body (never empty), or nil at its end.
    /// - Throws: ``Failure``, and the same failure again on every later call.
    public func read() throws(Failure) -> [UInt8]? {
        if let failure { throw failure }
        if isFinished { return nil }
        do {
            guard let piece = try pull() else {
                isFinished = true
                return nil
            }
            bytesRead += piece.count
            return piece
        } catch {
            failure = error
            throw error
        }
    }

    /// The whole body in memory, for small bodies: at most `maxBytes` (more: 413).
    public func readAll(maxBytes: Int) throws(Failure) -> [UInt8] {
        var all: [UInt8] = []
        while let piece = try read() {
            guard all.count + piece.count <= maxBytes else {
                let error = Failure(status: 413, rule: HTTPParseError.Code.bodyTooLarge.rawValue)
                failure = error
                throw error
            }
            all.append(contentsOf: piece)
        }
        return all
    }
}
