/// Who a request came from when a reverse proxy (nginx, with TLS) stands in front.
///
/// `X-Forwarded-For` and `X-Forwarded-Proto` are believed only when the socket peer is one of
/// the configured proxies: anyone else could write them. The client is the **last** address of
/// the last `X-Forwarded-For` field, the one the trusted proxy wrote (nginx's
/// `$proxy_add_x_forwarded_for` appends the peer it saw to what the client sent; earlier
/// entries are the client's own words). A value that is not a numeric address is ignored.
public struct HTTPForwarding: Sendable, Equatable {
    /// The client's numeric address.
    public let clientAddress: String
    /// Whether the trusted proxy said the client used HTTPS.
    public let isSecure: Bool

    /// Works out the client from the fields and the peer.
    public init(headers: HTTPHeaders, peer: String, trustedProxies: Set<String>) {
        let canonicalPeer = HTTPListenAddress.canonical(peer)?.0 ?? peer
        guard trustedProxies.contains(where: { (HTTPListenAddress.canonical($0)?.0 ?? $0) == canonicalPeer }) else {
            clientAddress = canonicalPeer
            isSecure = false
            return
        }
        let forwarded = headers.values("x-forwarded-for").last?
            .split(separator: ",").last.map { String($0).trimmingSpaces } ?? ""
        clientAddress = HTTPListenAddress.canonical(forwarded)?.0 ?? canonicalPeer
        isSecure = headers.values("x-forwarded-proto").last?.trimmingSpaces.lowercased() == "https"
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        String(decoding: HTTPBytes.trimmed(Array(utf8)[...]), as: UTF8.self)
    }
}

extension HTTPForwarding {
    /// A result given outright (tests, and surfaces that know the client otherwise).
    public init(client: String, secure: Bool) {
        clientAddress = client
        isSecure = secure
    }
}
