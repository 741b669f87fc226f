// Design note: the parser is a state machine fed in pieces, in the manner of llhttp and
// picohttpparser and of our CSV scanner (Sources/CSV/Scanning/CSVScanner.swift). The caller
// hands it whatever bytes arrived; it consumes them up to the end of one request at most and
// says whether the request is complete and how many bytes it took, so the rest (a pipelined
// request) is parsed after `takeRequest()`. The result never depends on how the bytes were cut.
//
// The head and chunk-size lines are gathered into one reused line buffer, bounded before each
// byte is kept; a line is checked when its line end arrives (the request line is checked as
// it grows, so 501/414 come as soon as the limit is passed). Header fields are copied into one
// buffer with boundaries (HTTPHeaders). Every length is bounded by HTTPParserLimits; each
// refusal is an HTTPParseError with its status and the stream offset. Framing rules and their
// reasons: docs/http.md (RFC 9112 §2.2, §3, §5, §6, §7.1, §11.2).

/// A strict, bounded HTTP/1.1 request parser, fed in chunks.
///
/// ```swift
/// var parser = HTTPRequestParser()
/// var rest = received[...]
/// while case (.complete, let used) = try parser.parse(rest) {
///     rest = rest.dropFirst(used)
///     if let request = parser.takeRequest() { handle(request) }
/// }
/// ```
public struct HTTPRequestParser: Sendable {
    /// Where a call to ``parse(_:)-(UnsafeBufferPointer<UInt8>)`` left the request.
    public enum Progress: Sendable, Equatable {
        /// All given bytes were consumed and the request is not complete yet.
        case needMore
        /// A request is complete (``takeRequest()`` hands it over); later bytes were not consumed.
        case complete
        /// The head is complete and its framing checked (only with ``pausesAfterHead``): ``head``
        /// has it, and ``resumeBody(maxBodyBytes:streaming:)`` must be called before parsing on.
        case head
    }

    enum State: Sendable, Equatable {
        case requestLine, headerLine, chunkSizeLine, trailerLine
        case body, chunkData, chunkDataEnd
        case headDone, done, failed
    }

    /// The limits in force.
    public let limits: HTTPParserLimits
    /// Whether a bare LF ends a line as CRLF does (RFC 9112 §2.2 allows it; off by default).
    public let acceptsBareLF: Bool

    private(set) var state: State = .requestLine
    /// Stream bytes consumed so far, across requests.
    public private(set) var offset = 0
    /// Stream offset at which the current request's first byte (after empty lines) came.
    public private(set) var requestStart = 0
    private var line: [UInt8] = []
    private var lineStart = 0
    private var sawCR = false
    private var firstSpace = -1, secondSpace = -1
    private var emptyLines = 0
    private var method = "", target = "", version = HTTPVersion.http11
    private var headers = HTTPHeaders(), trailers = HTTPHeaders()
    private var sectionBytes = 0
    private var body: [UInt8] = []
    private var remaining = 0
    private var chunked = false
    private var failure: HTTPParseError?
    private var request: HTTPRequest?
    /// Stop after each head (``Progress/head``) so the caller can pick the body's limit and
    /// whether it is streamed, knowing the route (docs/http.md, Bodies and forms).
    public var pausesAfterHead = false
    private var bodyLimit = 0
    private var bodyCount = 0
    private var declaredLength = 0
    private var streaming = false
    private var streamed: [UInt8] = []
    private var headEnd = 0

    /// Creates a parser.
    /// - Parameters:
    ///   - limits: the bounds on every length.
    ///   - acceptsBareLF: whether a bare LF is taken as a line end (default: refused with 400).
    public init(limits: HTTPParserLimits = HTTPParserLimits(), acceptsBareLF: Bool = false) {
        self.limits = limits
        self.acceptsBareLF = acceptsBareLF
        bodyLimit = limits.maxBodyBytes
        line.reserveCapacity(256)
    }

    /// Whether the head of an HTTP/1.1 request that asks `Expect: 100-continue` is complete and
    /// no byte of its body has come (RFC 9110 §10.1.1): the server may now say `100 Continue`.
    /// A head whose body is refused (413) never gets here: it failed first.
    var awaitsContinue: Bool {
        let bodyNotStarted = (state == .body && bodyCount == 0)
            || (state == .chunkSizeLine && chunked && bodyCount == 0 && line.isEmpty && !sawCR)
        guard version == .http11, bodyNotStarted else { return false }
        return headers.valueRanges(Array("expect".utf8)).contains {
            HTTPBytes.equalsLowercase(HTTPBytes.trimmed(headers.bytes($0)), "100-continue")
        }
    }

    /// Whether no request is partly parsed (so the stream may end here).
    public var isBetweenRequests: Bool {
        state == .done || (state == .requestLine && line.isEmpty && !sawCR)
    }

    /// Parses `input`, the next bytes of the stream.
    /// - Returns: whether a request is complete, and how many bytes of `input` were consumed
    ///   (all of them unless a request completed).
    /// - Throws: the rejection; every later call throws it again.
    /// - Complexity: O(n) in the consumed bytes.
    public mutating func parse(_ input: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> (Progress, Int) {
        if let failure { throw failure }
        var i = 0
        let count = input.count
        while i < count {
            switch state {
            case .done:
                return (.complete, i)
            case .headDone:
                return (.head, i)
            case .failed:
                throw failure ?? HTTPParseError(.incompleteRequest, offset: offset)
            case .body, .chunkData:
                let take = min(remaining, count - i)
                if streaming {
                    streamed.append(contentsOf: UnsafeBufferPointer(rebasing: input[i..<(i + take)]))
                } else {
                    body.append(contentsOf: UnsafeBufferPointer(rebasing: input[i..<(i + take)]))
                }
                bodyCount += take
                i += take
                offset += take
                remaining -= take
                if remaining == 0 {
                    if state == .body { complete() } else { state = .chunkDataEnd }
                }
            case .chunkDataEnd:
                let byte = input[i]
                i += 1
                offset += 1
                switch try lineEnd(byte) {
                case nil: throw fail(.missingChunkDataEnd, offset - 1)
                case 0: break
                default: beginLine(.chunkSizeLine)
                }
            case .requestLine, .headerLine, .chunkSizeLine, .trailerLine:
                let byte = input[i]
                i += 1
                offset += 1
                switch try lineEnd(byte) {
                case nil: try keep(byte, at: offset - 1)
                case 0: break
                case let endBytes?: try endLine(endBytes: endBytes)
                }
            }
        }
        return (state == .done ? .complete : state == .headDone ? .head : .needMore, i)
    }

    /// The head of the request whose ``Progress/head`` was returned (body empty), or nil.
    public var head: HTTPRequest? {
        guard state == .headDone else { return nil }
        return HTTPRequest(method: method, target: target, version: version, headers: headers, isChunked: chunked)
    }

    /// Goes on with the body of the paused head.
    /// - Parameters:
    ///   - maxBodyBytes: this request's limit (the route's), instead of ``HTTPParserLimits/maxBodyBytes``.
    ///   - streaming: whether the body bytes are handed out by ``takeBodyBytes()`` as they come
    ///     instead of gathered into the request (whose body then stays empty).
    /// - Throws: `bodyTooLarge` (413) when a `Content-Length` is over the limit.
    public mutating func resumeBody(maxBodyBytes: Int, streaming: Bool) throws(HTTPParseError) {
        guard state == .headDone else { return }
        bodyLimit = max(0, maxBodyBytes)
        self.streaming = streaming
        try startBody()
    }

    /// The streamed body bytes parsed since the last call (at most what the last ``parse`` was given).
    public mutating func takeBodyBytes() -> [UInt8] {
        defer { streamed.removeAll(keepingCapacity: true) }
        return streamed
    }

    /// Whether a streamed body has been parsed to its end (trailers included).
    public var bodyIsComplete: Bool { state == .done }

    /// Parses `bytes`, the next bytes of the stream (see ``parse(_:)-(UnsafeBufferPointer<UInt8>)``).
    public mutating func parse(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> (Progress, Int) {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result<(Progress, Int), HTTPParseError> { () throws(HTTPParseError) in try self.parse(buffer) }
        }
        return try result.get()
    }

    /// Parses `bytes`, the next bytes of the stream.
    public mutating func parse(_ bytes: [UInt8]) throws(HTTPParseError) -> (Progress, Int) {
        try parse(bytes[...])
    }

    /// Hands over the completed request and makes ready for the next one on the same stream.
    /// - Returns: the request, or nil when none is complete.
    public mutating func takeRequest() -> HTTPRequest? {
        guard state == .done, let done = request else { return nil }
        request = nil
        headers = HTTPHeaders()
        trailers = HTTPHeaders()
        body = []
        chunked = false
        streaming = false
        bodyCount = 0
        bodyLimit = limits.maxBodyBytes
        emptyLines = 0
        beginLine(.requestLine)
        return done
    }

    /// Says that the stream ended: fine between requests, otherwise the request is incomplete.
    /// - Throws: `incompleteRequest` (400) at the end offset, or the earlier rejection.
    public func finish() throws(HTTPParseError) {
        if let failure { throw failure }
        guard isBetweenRequests else { throw HTTPParseError(.incompleteRequest, offset: offset) }
    }

    // MARK: Lines

    /// Starts a line in `next` at the current offset.
    private mutating func beginLine(_ next: State) {
        state = next
        line.removeAll(keepingCapacity: true)
        lineStart = offset
        firstSpace = -1
        secondSpace = -1
        if next == .requestLine { requestStart = offset }
    }

    /// Steps the line-end machine over `byte`, just consumed (RFC 9112 §2.2: a CR must be
    /// followed by LF; a bare LF is a line end only when accepted).
    /// - Returns: nil for a byte that ends nothing, 0 for a CR (its LF is awaited), else the
    ///   line end's length: 2 for CRLF, 1 for a bare LF.
    private mutating func lineEnd(_ byte: UInt8) throws(HTTPParseError) -> Int? {
        if sawCR {
            guard byte == HTTPBytes.lf else { throw fail(.bareCR, offset - 2) }
            sawCR = false
            return 2
        }
        if byte == HTTPBytes.cr {
            sawCR = true
            return 0
        }
        guard byte == HTTPBytes.lf else { return nil }
        guard acceptsBareLF else { throw fail(.bareLF, offset - 1) }
        return 1
    }

    /// Keeps one byte of the current line, refusing it when a bound would be passed.
    private mutating func keep(_ byte: UInt8, at position: Int) throws(HTTPParseError) {
        switch state {
        case .requestLine:
            if firstSpace < 0 {
                if byte == HTTPBytes.sp {
                    guard !line.isEmpty else { throw fail(.invalidMethod, position) }
                    firstSpace = line.count
                } else if !HTTPBytes.isTchar(byte) {
                    throw fail(.invalidMethod, position)
                } else if line.count >= limits.maxMethodBytes {
                    throw fail(.methodTooLong, position)
                }
            } else if secondSpace < 0 {
                if byte == HTTPBytes.sp {
                    guard line.count > firstSpace + 1 else { throw fail(.invalidTarget, position) }
                    secondSpace = line.count
                } else if !HTTPBytes.isTargetByte(byte) {
                    throw fail(.invalidTarget, position)
                } else if line.count - firstSpace - 1 >= limits.maxTargetBytes {
                    throw fail(.targetTooLong, position)
                }
            } else if byte == HTTPBytes.sp {
                throw fail(.invalidRequestLine, position)
            } else if line.count - secondSpace - 1 >= 8 {
                throw fail(.invalidVersion, position)
            }
        case .headerLine, .trailerLine:
            let trailer = state == .trailerLine
            if line.count >= limits.maxHeaderLineBytes { throw fail(.headerLineTooLong, position) }
            if sectionBytes + line.count >= (trailer ? limits.maxTrailerBytes : limits.maxHeaderBytes) {
                throw fail(trailer ? .trailersTooLarge : .headersTooLarge, position)
            }
        case .chunkSizeLine:
            if line.count >= limits.maxChunkLineBytes { throw fail(.chunkLineTooLong, position) }
        default:
            break
        }
        line.append(byte)
    }

    /// Handles a complete line; `endBytes` is 2 for CRLF, 1 for a bare LF.
    private mutating func endLine(endBytes: Int) throws(HTTPParseError) {
        let end = offset - endBytes
        switch state {
        case .requestLine:
            if line.isEmpty {
                emptyLines += 1
                guard emptyLines <= limits.maxLeadingEmptyLines else { throw fail(.invalidRequestLine, end) }
                beginLine(.requestLine)
                return
            }
            try readRequestLine(end: end)
            sectionBytes = 0
            beginLine(.headerLine)
        case .headerLine, .trailerLine:
            let trailer = state == .trailerLine
            sectionBytes += line.count + endBytes
            if sectionBytes > (trailer ? limits.maxTrailerBytes : limits.maxHeaderBytes) {
                throw fail(trailer ? .trailersTooLarge : .headersTooLarge, offset - 1)
            }
            if line.isEmpty {
                if trailer { complete() } else { try endHead(end: end) }
                return
            }
            if trailer {
                guard trailers.count < limits.maxTrailerCount else { throw fail(.tooManyTrailers, lineStart) }
                let (name, value) = try readField()
                trailers.append(name: line[name], value: line[value])
            } else {
                guard headers.count < limits.maxHeaderCount else { throw fail(.tooManyHeaders, lineStart) }
                let (name, value) = try readField()
                headers.append(name: line[name], value: line[value])
            }
            beginLine(state)
        case .chunkSizeLine:
            let size = try readChunkSize()
            if size == 0 {
                sectionBytes = 0
                beginLine(.trailerLine)
            } else {
                remaining = size
                state = .chunkData
            }
        default:
            break
        }
    }

    /// Records a rejection; the parser stays failed.
    private mutating func fail(_ code: HTTPParseError.Code, _ position: Int) -> HTTPParseError {
        let error = HTTPParseError(code, offset: position)
        failure = error
        state = .failed
        return error
    }

    // MARK: Request line, fields, chunk sizes

    /// Checks the request line `method SP target SP version` (RFC 9112 §3).
    private mutating func readRequestLine(end: Int) throws(HTTPParseError) {
        guard firstSpace > 0 else { throw fail(firstSpace < 0 ? .invalidRequestLine : .invalidMethod, end) }
        guard secondSpace > 0 else { throw fail(.invalidRequestLine, end) }
        let versionBytes = line[(secondSpace + 1)...]
        let versionStart = lineStart + secondSpace + 1
        guard let parsed = HTTPRequestParser.version(versionBytes) else { throw fail(.invalidVersion, versionStart) }
        guard let known = parsed else { throw fail(.unsupportedVersion, versionStart) }
        let targetBytes = line[(firstSpace + 1)..<secondSpace]
        method = String(decoding: line[..<firstSpace], as: UTF8.self)
        if targetBytes.first != UInt8(ascii: "/") {
            guard targetBytes.count == 1, targetBytes.first == UInt8(ascii: "*"), method == "OPTIONS" else {
                throw fail(.invalidTarget, lineStart + firstSpace + 1)
            }
        }
        target = String(decoding: targetBytes, as: UTF8.self)
        version = known
    }

    /// `HTTP/1.1` and `HTTP/1.0` as known versions, another `HTTP/d.d` as nil (505), anything
    /// else as nil outside (400).
    static func version(_ bytes: ArraySlice<UInt8>) -> HTTPVersion?? {
        let text = Array(bytes)
        guard text.count == 8, text[..<5].elementsEqual("HTTP/".utf8), text[6] == UInt8(ascii: "."),
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[5]),
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[7]) else { return nil }
        return .some(HTTPVersion(rawValue: String(decoding: text, as: UTF8.self)))
    }

    /// Checks a field line `name ":" OWS value OWS` (RFC 9112 §5).
    /// - Returns: the name's and the trimmed value's ranges in the line.
    private mutating func readField() throws(HTTPParseError) -> (Range<Int>, Range<Int>) {
        if line[0] == HTTPBytes.sp || line[0] == HTTPBytes.htab { throw fail(.obsoleteLineFolding, lineStart) }
        var colon = -1
        for index in line.indices {
            let byte = line[index]
            if byte == HTTPBytes.colon { colon = index; break }
            if byte == HTTPBytes.sp || byte == HTTPBytes.htab { throw fail(.whitespaceBeforeColon, lineStart + index) }
            if !HTTPBytes.isTchar(byte) { throw fail(.invalidFieldName, lineStart + index) }
        }
        guard colon >= 0 else { throw fail(.missingColon, lineStart + line.count) }
        guard colon > 0 else { throw fail(.invalidFieldName, lineStart) }
        for index in (colon + 1)..<line.count where !HTTPBytes.isFieldValueByte(line[index]) {
            throw fail(.invalidFieldValue, lineStart + index)
        }
        return (0..<colon, HTTPBytes.trimmed(line[(colon + 1)...]).indices)
    }

    /// Checks a chunk-size line `1*HEXDIG [ BWS ";" extension ]` (RFC 9112 §7.1) and bounds
    /// the body it announces.
    private mutating func readChunkSize() throws(HTTPParseError) -> Int {
        var size = 0, index = 0
        while index < line.count, let digit = HTTPRequestParser.hexValue(line[index]) {
            guard index < 16 else { throw fail(.invalidChunkSize, lineStart + index) }
            if size <= bodyLimit, size < Int.max >> 5 { size = size * 16 + digit }   // else refused below
            index += 1
        }
        guard index > 0 else { throw fail(.invalidChunkSize, lineStart) }
        guard size <= bodyLimit - bodyCount else { throw fail(.bodyTooLarge, lineStart) }
        if index < line.count {
            while index < line.count, line[index] == HTTPBytes.sp || line[index] == HTTPBytes.htab { index += 1 }
            guard index < line.count, line[index] == UInt8(ascii: ";") else {
                throw fail(.invalidChunkSize, lineStart + index)
            }
            index += 1
            while index < line.count, line[index] == HTTPBytes.sp || line[index] == HTTPBytes.htab { index += 1 }
            guard index < line.count, HTTPBytes.isTchar(line[index]) else {
                throw fail(.invalidChunkExtension, lineStart + index)
            }
            for at in index..<line.count where !HTTPBytes.isFieldValueByte(line[at]) {
                throw fail(.invalidChunkExtension, lineStart + at)
            }
        }
        return size
    }

    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }

    // MARK: Framing

    /// Decides the body's framing once the head is complete (RFC 9112 §6.1-6.3, §11.2).
    private mutating func endHead(end: Int) throws(HTTPParseError) {
        let hosts = headers.valueRanges(Array("host".utf8)).count
        if hosts > 1 { throw fail(.multipleHosts, end) }
        if hosts == 0, version == .http11 { throw fail(.missingHost, end) }
        let encodings = headers.valueRanges(Array("transfer-encoding".utf8))
        let lengths = headers.valueRanges(Array("content-length".utf8))
        if !encodings.isEmpty {
            if version == .http10 { throw fail(.transferEncodingInHTTP10, end) }
            if !lengths.isEmpty { throw fail(.contentLengthWithTransferEncoding, end) }
            let codings = encodings.flatMap { headers.bytes($0).split(separator: 0x2C, omittingEmptySubsequences: false) }
            guard codings.count == 1, HTTPBytes.equalsLowercase(HTTPBytes.trimmed(codings[0]), "chunked") else {
                throw fail(.unsupportedTransferEncoding, end)
            }
            chunked = true
            declaredLength = 0
            try pauseOrStartBody(end: end)
            return
        }
        var length: Int?
        for range in lengths {
            let digits = headers.bytes(range)
            var value = 0
            guard !digits.isEmpty else { throw fail(.invalidContentLength, end) }
            for byte in digits {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw fail(.invalidContentLength, end) }
                let (times, overflow) = value.multipliedReportingOverflow(by: 10)
                if overflow || times > Int.max / 20 { value = Int.max / 10; continue }
                value = times + Int(byte - UInt8(ascii: "0"))
            }
            if let length, length != value { throw fail(.conflictingContentLength, end) }
            length = value
        }
        declaredLength = length ?? 0
        try pauseOrStartBody(end: end)
    }

    /// Pauses after the head when asked to, else starts the body under the parser's limit.
    private mutating func pauseOrStartBody(end: Int) throws(HTTPParseError) {
        headEnd = end
        if pausesAfterHead {
            state = .headDone
        } else {
            try startBody()
        }
    }

    /// Starts the body whose framing the head declared, refusing a length over `bodyLimit`.
    private mutating func startBody() throws(HTTPParseError) {
        if chunked {
            beginLine(.chunkSizeLine)
            return
        }
        if declaredLength > bodyLimit { throw fail(.bodyTooLarge, headEnd) }
        if declaredLength == 0 {
            complete()
        } else {
            if !streaming { body.reserveCapacity(declaredLength) }
            remaining = declaredLength
            state = .body
        }
    }

    /// Marks the request complete.
    private mutating func complete() {
        request = HTTPRequest(method: method, target: target, version: version, headers: headers, body: body,
                              trailers: trailers, isChunked: chunked)
        state = .done
    }
}
