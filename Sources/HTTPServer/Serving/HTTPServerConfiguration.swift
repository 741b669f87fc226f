/// How the server listens, what it accepts and how long it waits (docs/http.md, The server).
public struct HTTPServerConfiguration: Sendable {
    /// The addresses to listen on (at least one).
    public var listen: [HTTPListenAddress]
    /// The request parser's bounds (413, 414, 431 past them).
    public var limits: HTTPParserLimits
    /// Most connections open at once; one more is answered 503 and closed.
    public var maxConnections: Int
    /// How long a whole request (head and body) may take from its first byte; a slower client
    /// (slowloris) gets 408 and is dropped.
    public var requestTimeout: Duration
    /// How long a kept-alive connection may wait for the next request's first byte.
    public var idleTimeout: Duration
    /// How long one write of a response may wait for the client to read.
    public var writeTimeout: Duration
    /// How long shutdown lets requests in flight finish before their connections are cut.
    public var shutdownGrace: Duration
    /// Peers whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed (numeric addresses,
    /// e.g. the nginx in front on `127.0.0.1`); from any other peer they are ignored.
    public var trustedProxies: Set<String>

    /// Creates a configuration; the defaults suit the portal on loopback behind nginx.
    public init(listen: [HTTPListenAddress], limits: HTTPParserLimits = HTTPParserLimits(), maxConnections: Int = 64,
                requestTimeout: Duration = .seconds(30), idleTimeout: Duration = .seconds(5),
                writeTimeout: Duration = .seconds(30), shutdownGrace: Duration = .seconds(10),
                trustedProxies: Set<String> = []) {
        self.listen = listen
        self.limits = limits
        self.maxConnections = maxConnections
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.shutdownGrace = shutdownGrace
        self.trustedProxies = trustedProxies
    }
}

extension Duration {
    /// The duration in nanoseconds (negative durations are 0).
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
