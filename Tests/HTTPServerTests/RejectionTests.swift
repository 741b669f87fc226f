import Testing
@testable import HTTPServer

/// A request the parser must refuse: `«` marks the byte the error must name.
struct Rejection: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    let code: HTTPParseError.Code
    let status: Int

    init(_ name: String, _ text: String, _ code: HTTPParseError.Code, _ status: Int) {
        self.name = name
        self.text = text
        self.code = code
        self.status = status
    }

    var testDescription: String { name }
}

private let head = "POST / HTTP/1.1\r\nHost: a\r\n"
private let chunked = head + "Transfer-Encoding: chunked\r\n\r\n"

let rejections: [Rejection] = [
    // Line ends.
    Rejection("bare CR in the request line", "GET /«\rx HTTP/1.1\r\n\r\n", .bareCR, 400),
    Rejection("bare CR in a field value", "GET / HTTP/1.1\r\nX: a«\rb\r\n\r\n", .bareCR, 400),
    Rejection("bare LF ends the request line", "GET / HTTP/1.1«\nHost: a\r\n\r\n", .bareLF, 400),
    Rejection("bare LF ends the head", "GET / HTTP/1.1\r\nHost: a\r\n«\n", .bareLF, 400),
    // Request line.
    Rejection("method with a non-token byte", "G«(ET / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidMethod, 400),
    Rejection("space before the method", "« GET / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidMethod, 400),
    Rejection("two spaces before the target", "GET « / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget, 400),
    Rejection("absolute-form target", "GET «http://a/ HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget, 400),
    Rejection("authority-form target", "CONNECT «a:443 HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget, 400),
    Rejection("asterisk without OPTIONS", "GET «* HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget, 400),
    Rejection("fragment in the target", "GET /a«#b HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget, 400),
    Rejection("control byte in the target", "GET /a«\u{7F} HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget, 400),
    Rejection("no version (HTTP/0.9)", "GET /«\r\n\r\n", .invalidRequestLine, 400),
    Rejection("method alone", "GET«\r\n\r\n", .invalidRequestLine, 400),
    Rejection("space after the version", "GET / HTTP/1.1« \r\nHost: a\r\n\r\n", .invalidRequestLine, 400),
    Rejection("malformed version", "GET / «HTXP/1.1\r\nHost: a\r\n\r\n", .invalidVersion, 400),
    Rejection("lowercase version", "GET / «http/1.1\r\nHost: a\r\n\r\n", .invalidVersion, 400),
    Rejection("version too long", "GET / HTTP/1.1«1\r\nHost: a\r\n\r\n", .invalidVersion, 400),
    Rejection("HTTP/2.0", "GET / «HTTP/2.0\r\nHost: a\r\n\r\n", .unsupportedVersion, 505),
    Rejection("HTTP/0.9 spelled", "GET / «HTTP/0.9\r\n\r\n", .unsupportedVersion, 505),
    Rejection("five empty lines first", "\r\n\r\n\r\n\r\n«\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidRequestLine, 400),
    // Field lines.
    Rejection("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n« b\r\n\r\n", .obsoleteLineFolding, 400),
    Rejection("whitespace before the first field", "GET / HTTP/1.1\r\n«\tHost: a\r\n\r\n", .obsoleteLineFolding, 400),
    Rejection("whitespace before the colon", "GET / HTTP/1.1\r\nHost« : a\r\n\r\n", .whitespaceBeforeColon, 400),
    Rejection("non-token byte in a name", "GET / HTTP/1.1\r\nHo«(st: a\r\n\r\n", .invalidFieldName, 400),
    Rejection("empty field name", "GET / HTTP/1.1\r\nHost: a\r\n«: b\r\n\r\n", .invalidFieldName, 400),
    Rejection("no colon", "GET / HTTP/1.1\r\nHost: a\r\nHosta«\r\n\r\n", .missingColon, 400),
    Rejection("NUL in a value", "GET / HTTP/1.1\r\nHost: a«\u{0}b\r\n\r\n", .invalidFieldValue, 400),
    Rejection("DEL in a value", "GET / HTTP/1.1\r\nHost: a«\u{7F}\r\n\r\n", .invalidFieldValue, 400),
    Rejection("HTTP/1.1 without Host", "GET / HTTP/1.1\r\nX: a\r\n«\r\n", .missingHost, 400),
    Rejection("two Host fields", "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n«\r\n", .multipleHosts, 400),
    // Framing and smuggling.
    Rejection("Content-Length and Transfer-Encoding",
              head + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n«\r\n0\r\n\r\n", .contentLengthWithTransferEncoding, 400),
    Rejection("Transfer-Encoding and Content-Length",
              head + "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n«\r\n", .contentLengthWithTransferEncoding, 400),
    Rejection("gzip, chunked", head + "Transfer-Encoding: gzip, chunked\r\n«\r\n", .unsupportedTransferEncoding, 501),
    Rejection("chunked twice over two fields",
              head + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n«\r\n", .unsupportedTransferEncoding, 501),
    Rejection("chunked with a trailing comma", head + "Transfer-Encoding: chunked,\r\n«\r\n", .unsupportedTransferEncoding, 501),
    Rejection("identity", head + "Transfer-Encoding: identity\r\n«\r\n", .unsupportedTransferEncoding, 501),
    Rejection("xchunked", head + "Transfer-Encoding: xchunked\r\n«\r\n", .unsupportedTransferEncoding, 501),
    Rejection("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n«\r\n",
              .transferEncodingInHTTP10, 400),
    Rejection("differing Content-Lengths", head + "Content-Length: 5\r\nContent-Length: 6\r\n«\r\nhello!",
              .conflictingContentLength, 400),
    Rejection("Content-Length list", head + "Content-Length: 5, 5\r\n«\r\nhello", .invalidContentLength, 400),
    Rejection("signed Content-Length", head + "Content-Length: +5\r\n«\r\nhello", .invalidContentLength, 400),
    Rejection("negative Content-Length", head + "Content-Length: -1\r\n«\r\n", .invalidContentLength, 400),
    Rejection("hex Content-Length", head + "Content-Length: 0x5\r\n«\r\nhello", .invalidContentLength, 400),
    Rejection("empty Content-Length", head + "Content-Length:\r\n«\r\n", .invalidContentLength, 400),
    Rejection("huge Content-Length", head + "Content-Length: 99999999999999999999999999\r\n«\r\n", .bodyTooLarge, 413),
    // Chunks.
    Rejection("chunk size not hex", chunked + "«zz\r\n", .invalidChunkSize, 400),
    Rejection("junk after the chunk size", chunked + "5 «x\r\nhello\r\n0\r\n\r\n", .invalidChunkSize, 400),
    Rejection("seventeen hex digits", chunked + "0000000000000000«1\r\nx\r\n0\r\n\r\n", .invalidChunkSize, 400),
    Rejection("chunk size beyond the body limit", chunked + "«fffffffffffffff\r\n", .bodyTooLarge, 413),
    Rejection("extension without a name", chunked + "5;«\r\nhello\r\n0\r\n\r\n", .invalidChunkExtension, 400),
    Rejection("NUL in an extension", chunked + "5;a=«\u{0}\r\nhello\r\n0\r\n\r\n", .invalidChunkExtension, 400),
    Rejection("chunk data longer than its size", chunked + "5\r\nhello«!\r\n0\r\n\r\n", .missingChunkDataEnd, 400),
    Rejection("bare CR after chunk data", chunked + "5\r\nhello«\rx", .bareCR, 400),
    Rejection("bare LF after chunk data", chunked + "5\r\nhello«\n0\r\n\r\n", .bareLF, 400),
    Rejection("trailer with obs-fold", chunked + "0\r\nX: a\r\n« b\r\n\r\n", .obsoleteLineFolding, 400),
    Rejection("trailer without a colon", chunked + "0\r\nX«\r\n\r\n", .missingColon, 400),
    // Truncation.
    Rejection("stream ends in the head", "GET / HTTP/1.1\r\nHost: a\r\n«", .incompleteRequest, 400),
    Rejection("stream ends in the body", head + "Content-Length: 5\r\n\r\nhel«", .incompleteRequest, 400),
    Rejection("stream ends after a CR", "GET / HTTP/1.1\r«", .incompleteRequest, 400),
]

@Suite("Rejections, each with its status and byte offset")
struct RejectionTests {
    @Test(arguments: rejections, Feed.allCases)
    func refusedWithItsStatusAtItsByte(rejection: Rejection, feed: Feed) {
        let (bytes, offset) = marked(rejection.text)
        let outcome = parseStream(bytes, feed: feed)
        #expect(outcome.error == HTTPParseError(rejection.code, offset: offset))
        #expect(outcome.error?.status == rejection.status)
        #expect(outcome.requests.isEmpty)
    }

    @Test
    func everyErrorCodeHasACaseHereOrAmongTheLimits() {
        let covered = Set(rejections.map(\.code) + limitCases.map(\.code))
        #expect(Set(HTTPParseError.Code.allCases).subtracting(covered).isEmpty)
        for rejection in rejections { #expect(rejection.code.status == rejection.status) }
    }

    @Test
    func aRejectionAfterAGoodRequestKeepsTheGoodOne() {
        let good = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n"
        let (bytes, offset) = marked(good + head + "Content-Length: 1\r\nTransfer-Encoding: chunked\r\n«\r\n")
        for feed in Feed.allCases {
            let outcome = parseStream(bytes, feed: feed)
            #expect(outcome.requests.map(\.target) == ["/a"])
            #expect(outcome.error == HTTPParseError(.contentLengthWithTransferEncoding, offset: offset))
        }
    }
}
