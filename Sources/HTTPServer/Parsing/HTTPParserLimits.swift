/// The bounds the request parser enforces on every length (docs/http.md, Limits).
///
/// Each limit is inclusive: a value exactly at the limit is accepted, one byte (or one header)
/// more is refused with the status named beside it.
public struct HTTPParserLimits: Sendable, Equatable {
    /// Longest method token, in bytes (longer: 501, no such method is implemented).
    public var maxMethodBytes: Int
    /// Longest request target, in bytes (longer: 414).
    public var maxTargetBytes: Int
    /// Most header fields (more: 431).
    public var maxHeaderCount: Int
    /// Longest header field line, without its line end (longer: 431).
    public var maxHeaderLineBytes: Int
    /// Most bytes of all header field lines together, line ends and the closing empty line
    /// included, the request line not (more: 431).
    public var maxHeaderBytes: Int
    /// Largest body, declared by `Content-Length` or summed over chunks (larger: 413).
    public var maxBodyBytes: Int
    /// Longest chunk-size line, extensions included, without its line end (longer: 400).
    public var maxChunkLineBytes: Int
    /// Most trailer fields after the last chunk (more: 431).
    public var maxTrailerCount: Int
    /// Most bytes of all trailer lines together, as for headers (more: 431).
    public var maxTrailerBytes: Int
    /// Most empty lines tolerated before a request line (RFC 9112 §2.2; more: 400).
    public var maxLeadingEmptyLines: Int

    /// Creates limits; the defaults suit the portal's pages (uploads will raise `maxBodyBytes`).
    public init(maxMethodBytes: Int = 32, maxTargetBytes: Int = 8_192, maxHeaderCount: Int = 64,
                maxHeaderLineBytes: Int = 8_192, maxHeaderBytes: Int = 32_768, maxBodyBytes: Int = 1 << 20,
                maxChunkLineBytes: Int = 1_024, maxTrailerCount: Int = 16, maxTrailerBytes: Int = 4_096,
                maxLeadingEmptyLines: Int = 4) {
        self.maxMethodBytes = maxMethodBytes
        self.maxTargetBytes = maxTargetBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxHeaderLineBytes = maxHeaderLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.maxChunkLineBytes = maxChunkLineBytes
        self.maxTrailerCount = maxTrailerCount
        self.maxTrailerBytes = maxTrailerBytes
        self.maxLeadingEmptyLines = maxLeadingEmptyLines
    }
}
