/// A response a handler returns: a status, header fields and a body.
///
/// The server adds the framing: `Content-Length` for a body of bytes, `Transfer-Encoding:
/// chunked` for a streamed body (HTTP/1.1; an HTTP/1.0 client gets it close-delimited), and
/// `Connection`. Fields a handler sets for those are dropped, so framing has one author. Names
/// and values with bytes that could end a line are cleaned before they are written (a value
/// cannot split the response): see ``setHeader(_:_:)``.
public struct HTTPResponse: Sendable {
    /// How the body is sent.
    public enum Body: Sendable {
        /// Bytes known in advance, sent with `Content-Length`.
        case bytes([UInt8])
        /// Produced while it is sent: the closure writes pieces through the writer; each piece
        /// goes out as one chunk.
        case stream(@Sendable (HTTPBodyWriter) throws -> Void)
    }

    /// The status code.
    public var status: Int
    /// Header fields, in order, as they will be written.
    public private(set) var headers: [(name: String, value: String)]
    /// The body.
    public var body: Body

    /// Creates a response.
    public init(status: Int, headers: [(String, String)] = [], body: Body = .bytes([])) {
        self.status = status
        self.headers = []
        self.body = body
        for (name, value) in headers { setHeader(name, value) }
    }

    /// A response with a text body (UTF-8), `text/plain` unless another type is given.
    public static func text(_ text: String, status: Int = 200,
                            contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", contentType)], body: .bytes(Array(text.utf8)))
    }

    /// Sets `name` to `value`, replacing any field of that name (ASCII case ignored).
    ///
    /// Bytes that are not `tchar` are dropped from the name; CR, LF and other control bytes in
    /// the value become spaces. Framing fields (`Content-Length`, `Transfer-Encoding`,
    /// `Connection`) are the server's and are ignored here.
    public mutating func setHeader(_ name: String, _ value: String) {
        let cleanName = String(decoding: name.utf8.filter(HTTPBytes.isTchar), as: UTF8.self)
        guard !cleanName.isEmpty, !HTTPResponse.framingFields.contains(cleanName.lowercased()) else { return }
        let cleanValue = String(decoding: value.utf8.map { $0 < 0x20 || $0 == 0x7F ? HTTPBytes.sp : $0 }, as: UTF8.self)
        headers.removeAll { $0.name.lowercased() == cleanName.lowercased() }
        headers.append((cleanName, cleanValue))
    }

    /// The first value of `name`, or nil.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    static let framingFields: Set<String> = ["content-length", "transfer-encoding", "connection"]

    /// Whether the status forbids a body (1xx, 204, 304; RFC 9110 §6.4.1).
    var forbidsBody: Bool { (100..<200).contains(status) || status == 204 || status == 304 }

    /// The status line and header section, with the framing fields, ending with the empty line.
    /// - Parameters:
    ///   - contentLength: the body length for a body of bytes; nil for a stream.
    ///   - chunked: whether a stream is sent chunked.
    ///   - closing: whether the connection closes after this response.
    ///   - version: the request's version (an HTTP/1.0 keep-alive is said explicitly).
    func head(contentLength: Int?, chunked: Bool, closing: Bool, version: HTTPVersion) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(HTTPResponse.reason(status))\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !forbidsBody {
            if let contentLength { text += "Content-Length: \(contentLength)\r\n" }
            else if chunked { text += "Transfer-Encoding: chunked\r\n" }
        }
        if closing { text += "Connection: close\r\n" }
        else if version == .http10 { text += "Connection: keep-alive\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// The reason phrase of `status` (RFC 9110 §15), or an empty one.
    public static func reason(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 201: return "Created"
        case 204: return "No Content"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 415: return "Unsupported Media Type"
        case 422: return "Unprocessable Content"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return ""
        }
    }
}
