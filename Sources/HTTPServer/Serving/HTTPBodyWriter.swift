/// Writes a streamed body (``HTTPResponse/Body/stream(_:)``) to the connection: each piece as
/// one chunk under HTTP/1.1, as is under HTTP/1.0 (the connection then closes to end it).
///
/// Each write waits at most the server's write timeout for the client to take the bytes; a
/// client that stops reading makes it throw, and the connection is dropped.
public final class HTTPBodyWriter: @unchecked Sendable {
    private let send: ([UInt8]) throws -> Void
    private let chunked: Bool
    /// Body bytes written so far (framing not counted), for the access log.
    public private(set) var bytesWritten = 0

    init(chunked: Bool, send: @escaping ([UInt8]) throws -> Void) {
        self.chunked = chunked
        self.send = send
    }

    /// Writes `bytes` (nothing for an empty piece: an empty chunk would end the body).
    /// - Throws: when the client is gone or stopped reading.
    public func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        if chunked {
            var framed = Array((String(bytes.count, radix: 16) + "\r\n").utf8)
            framed.append(contentsOf: bytes)
            framed.append(contentsOf: [HTTPBytes.cr, HTTPBytes.lf])
            try send(framed)
        } else {
            try send(bytes)
        }
        bytesWritten += bytes.count
    }

    /// Writes `text` as UTF-8.
    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Ends a chunked body.
    func finish() throws {
        if chunked { try send(Array("0\r\n\r\n".utf8)) }
    }
}
