/// One request, parsed whole: its head, its body (de-chunked) and any trailers.
public struct HTTPRequest: Sendable, Equatable {
    /// The method token as sent (methods are case-sensitive, RFC 9110 §9.1).
    public var method: String
    /// The request target: an origin-form path with its query, or `*` (only with `OPTIONS`).
    public var target: String
    /// The protocol version.
    public var version: HTTPVersion
    /// The header fields.
    public var headers: HTTPHeaders
    /// The body bytes (chunked bodies joined, without framing).
    public var body: [UInt8]
    /// The trailer fields of a chunked body (empty otherwise).
    public var trailers: HTTPHeaders
    /// Whether the body came chunked.
    public var isChunked: Bool

    /// Creates a request.
    public init(method: String, target: String, version: HTTPVersion, headers: HTTPHeaders = HTTPHeaders(),
                body: [UInt8] = [], trailers: HTTPHeaders = HTTPHeaders(), isChunked: Bool = false) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.trailers = trailers
        self.isChunked = isChunked
    }
}
