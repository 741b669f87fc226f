/// What a handler gets: the request, its path and query split and decoded, the path pattern's
/// parameters, and who sent it.
public struct HTTPRequestContext: Sendable {
    /// The request as parsed.
    public let request: HTTPRequest
    /// The target's path, before any `?`, as received (not decoded).
    public let path: String
    /// The query's fields, percent-decoded (`+` is a space), in order; empty without a query.
    public let query: [(name: String, value: String)]
    /// The values of the route pattern's `{name}` segments, percent-decoded.
    public internal(set) var parameters: [String: String] = [:]
    /// The socket peer's numeric address.
    public let peerAddress: String
    /// The client's address: the trusted proxy's `X-Forwarded-For` when the peer is one,
    /// else the peer (``HTTPForwarding``).
    public let clientAddress: String
    /// Whether the client's connection is HTTPS: only a trusted proxy can say so, with
    /// `X-Forwarded-Proto: https` (the server itself speaks plain HTTP).
    public let isSecure: Bool

    /// Creates a context for `request` from `peerAddress`, trusting the forwarded fields of
    /// `trustedProxies` only.
    public init(request: HTTPRequest, peerAddress: String, trustedProxies: Set<String> = []) {
        self.request = request
        let target = request.target
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            query = HTTPPercentDecoding.query(target[target.index(after: mark)...])
        } else {
            path = target
            query = []
        }
        self.peerAddress = peerAddress
        let forwarding = HTTPForwarding(headers: request.headers, peer: peerAddress, trustedProxies: trustedProxies)
        clientAddress = forwarding.clientAddress
        isSecure = forwarding.isSecure
    }

    /// The first value of the query field `name`, or nil.
    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

    /// The scheme the client used: `https` or `http`.
    public var scheme: String { isSecure ? "https" : "http" }
}
