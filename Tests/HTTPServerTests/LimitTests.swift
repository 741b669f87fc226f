import Testing
@testable import HTTPServer

/// A limit checked at its boundary: `atLimit` is accepted, `overLimit` refused with `code`.
struct LimitCase: Sendable, CustomTestStringConvertible {
    let name: String
    let atLimit: String
    let overLimit: String
    let code: HTTPParseError.Code
    let status: Int

    var testDescription: String { name }
}

/// Small limits, so the boundaries are short to write.
let small = HTTPParserLimits(maxMethodBytes: 7, maxTargetBytes: 20, maxHeaderCount: 4, maxHeaderLineBytes: 30,
                             maxHeaderBytes: 100, maxBodyBytes: 10, maxChunkLineBytes: 12, maxTrailerCount: 2,
                             maxTrailerBytes: 40, maxLeadingEmptyLines: 2)

private func repeated(_ count: Int, _ character: Character = "x") -> String { String(repeating: character, count: count) }

let limitCases: [LimitCase] = [
    LimitCase(name: "method of 7 bytes", atLimit: "OPTIONS / HTTP/1.1\r\nHost: a\r\n\r\n",
              overLimit: "OPTIONSX / HTTP/1.1\r\nHost: a\r\n\r\n", code: .methodTooLong, status: 501),
    LimitCase(name: "target of 20 bytes", atLimit: "GET /\(repeated(19)) HTTP/1.1\r\nHost: a\r\n\r\n",
              overLimit: "GET /\(repeated(20)) HTTP/1.1\r\nHost: a\r\n\r\n", code: .targetTooLong, status: 414),
    LimitCase(name: "4 header fields",
              atLimit: "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n",
              overLimit: "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", code: .tooManyHeaders, status: 431),
    LimitCase(name: "header line of 30 bytes", atLimit: "GET / HTTP/1.1\r\nHost: \(repeated(24))\r\n\r\n",
              overLimit: "GET / HTTP/1.1\r\nHost: \(repeated(25))\r\n\r\n", code: .headerLineTooLong, status: 431),
    // 3 lines of 29 bytes and their CRLFs are 93, "C: " and CRLF 98, the closing CRLF 100.
    LimitCase(name: "header section of 100 bytes",
              atLimit: "GET / HTTP/1.1\r\nHost: \(repeated(23))\r\nA: \(repeated(26))\r\nB: \(repeated(26))\r\nC: \r\n\r\n",
              overLimit: "GET / HTTP/1.1\r\nHost: \(repeated(23))\r\nA: \(repeated(26))\r\nB: \(repeated(26))\r\nC: x\r\n\r\n",
              code: .headersTooLarge, status: 431),
    LimitCase(name: "Content-Length of 10", atLimit: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n\(repeated(10))",
              overLimit: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n\(repeated(11))", code: .bodyTooLarge, status: 413),
    LimitCase(name: "chunks summing to 10",
              atLimit: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nxxxx\r\n6\r\nxxxxxx\r\n0\r\n\r\n",
              overLimit: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nxxxx\r\n7\r\nxxxxxxx\r\n0\r\n\r\n",
              code: .bodyTooLarge, status: 413),
    LimitCase(name: "chunk line of 12 bytes",
              atLimit: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1;\(repeated(10))\r\nx\r\n0\r\n\r\n",
              overLimit: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1;\(repeated(11))\r\nx\r\n0\r\n\r\n",
              code: .chunkLineTooLong, status: 400),
    LimitCase(name: "2 trailer fields",
              atLimit: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: 1\r\nB: 2\r\n\r\n",
              overLimit: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n",
              code: .tooManyTrailers, status: 431),
    // A 26-byte trailer line and CRLF are 28, an 8-byte one and CRLF 38, the closing CRLF 40.
    LimitCase(name: "trailer section of 40 bytes",
              atLimit: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: \(repeated(23))\r\nB: \(repeated(5))\r\n\r\n",
              overLimit: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: \(repeated(23))\r\nB: \(repeated(6))\r\n\r\n",
              code: .trailersTooLarge, status: 431),
    LimitCase(name: "2 empty lines before the request line", atLimit: "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
              overLimit: "\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", code: .invalidRequestLine, status: 400),
]

@Suite("Limits at their boundary")
struct LimitTests {
    @Test(arguments: limitCases, Feed.allCases)
    func atTheLimitIsAcceptedOneMoreIsRefused(limit: LimitCase, feed: Feed) {
        let accepted = parseStream(limit.atLimit, feed: feed, limits: small)
        #expect(accepted.error == nil)
        #expect(accepted.requests.count == 1)
        let refused = parseStream(limit.overLimit, feed: feed, limits: small)
        #expect(refused.error?.code == limit.code)
        #expect(refused.error?.status == limit.status)
        #expect(refused.requests.isEmpty)
    }

    @Test
    func defaultLimitsAreTheDocumentedOnes() {
        let limits = HTTPParserLimits()
        #expect(limits.maxMethodBytes == 32 && limits.maxTargetBytes == 8_192 && limits.maxHeaderCount == 64)
        #expect(limits.maxHeaderLineBytes == 8_192 && limits.maxHeaderBytes == 32_768 && limits.maxBodyBytes == 1 << 20)
        #expect(limits.maxChunkLineBytes == 1_024 && limits.maxTrailerCount == 16 && limits.maxTrailerBytes == 4_096)
        #expect(limits.maxLeadingEmptyLines == 4)
    }
}
