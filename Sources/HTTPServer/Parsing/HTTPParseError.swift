/// Why a request was refused, where, and with which status (docs/http.md, Rejections).
///
/// Errors are data: the server renders the status line; the code names the rule broken, and
/// `offset` is the byte of the stream (counted from the parser's first byte, across pipelined
/// requests) at which the parser knew. No request bytes are kept in the error.
public struct HTTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The rule a request broke.
    public enum Code: String, Sendable, CaseIterable {
        case invalidRequestLine, invalidMethod, methodTooLong, invalidTarget, targetTooLong
        case invalidVersion, unsupportedVersion
        case bareCR, bareLF
        case invalidFieldName, whitespaceBeforeColon, missingColon, obsoleteLineFolding, invalidFieldValue
        case headerLineTooLong, tooManyHeaders, headersTooLarge
        case missingHost, multipleHosts
        case invalidContentLength, conflictingContentLength, contentLengthWithTransferEncoding
        case unsupportedTransferEncoding, transferEncodingInHTTP10
        case bodyTooLarge
        case invalidChunkSize, chunkLineTooLong, invalidChunkExtension, missingChunkDataEnd
        case tooManyTrailers, trailersTooLarge
        case incompleteRequest

        /// The response status this rejection calls for (RFC 9110 §15, RFC 9112).
        public var status: Int {
            switch self {
            case .methodTooLong, .unsupportedTransferEncoding: return 501
            case .targetTooLong: return 414
            case .unsupportedVersion: return 505
            case .headerLineTooLong, .tooManyHeaders, .headersTooLarge, .tooManyTrailers, .trailersTooLarge: return 431
            case .bodyTooLarge: return 413
            default: return 400
            }
        }
    }

    /// The rule broken.
    public let code: Code
    /// The stream offset of the byte at which the request was refused, from 0.
    public let offset: Int

    /// Creates an error.
    public init(_ code: Code, offset: Int) {
        self.code = code
        self.offset = offset
    }

    /// The status to answer with (400, 413, 414, 431, 501 or 505).
    public var status: Int { code.status }

    /// `"400 bareCR at byte 17"`.
    public var description: String { "\(status) \(code.rawValue) at byte \(offset)" }
}
