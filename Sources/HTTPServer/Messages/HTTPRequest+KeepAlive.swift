extension HTTPRequest {
    /// Whether the connection may carry another request after this one's response
    /// (RFC 9112 §9.3): HTTP/1.1 stays open unless a `Connection` field lists `close`;
    /// HTTP/1.0 closes unless one lists `keep-alive` (and none lists `close`).
    public var keepsAlive: Bool {
        var close = false, keepAlive = false
        for range in headers.valueRanges(Array("connection".utf8)) {
            for token in headers.bytes(range).split(separator: 0x2C) {
                let option = HTTPBytes.trimmed(token)
                if HTTPBytes.equalsLowercase(option, "close") { close = true }
                if HTTPBytes.equalsLowercase(option, "keep-alive") { keepAlive = true }
            }
        }
        if close { return false }
        return version == .http11 || keepAlive
    }
}
