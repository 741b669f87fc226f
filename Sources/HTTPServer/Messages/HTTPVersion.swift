/// The protocol versions the parser accepts (others are 505, RFC 9110 §15.6.6).
public enum HTTPVersion: String, Sendable, Equatable {
    /// `HTTP/1.0`: the connection closes after the response unless `keep-alive` is asked.
    case http10 = "HTTP/1.0"
    /// `HTTP/1.1`: the connection stays open unless `close` is asked.
    case http11 = "HTTP/1.1"
}
