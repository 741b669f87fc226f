import Testing
@testable import HTTPServer

@Suite("Valid requests, fed whole, byte by byte and in random chunks")
struct RequestParserTests {
    @Test(arguments: Feed.allCases)
    func getWithHeadersParsesMethodTargetVersionAndTrimmedFields(feed: Feed) throws {
        let outcome = parseStream("GET /users?page=2&sort=name HTTP/1.1\r\nHost: localhost:8080\r\n"
                                  + "Accept:   text/html \t\r\nX-Empty:\r\n\r\n", feed: feed)
        #expect(outcome.error == nil)
        let request = try #require(outcome.requests.first)
        #expect(request.method == "GET")
        #expect(request.target == "/users?page=2&sort=name")
        #expect(request.version == .http11)
        #expect(request.headers.count == 3)
        #expect(request.headers.first("host") == "localhost:8080")
        #expect(request.headers.first("ACCEPT") == "text/html")
        #expect(request.headers.first("x-empty") == "")
        #expect(request.headers[1].name == "Accept")
        #expect(request.body.isEmpty && !request.isChunked && request.keepsAlive)
    }

    @Test(arguments: Feed.allCases)
    func postWithContentLengthReadsExactlyTheBody(feed: Feed) throws {
        let body = "name=a%20b&x=\r\nGET / HTTP/1.1\r\n"
        let outcome = parseStream("POST /users HTTP/1.1\r\nHost: a\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)",
                                  feed: feed)
        #expect(outcome.error == nil)
        let request = try #require(outcome.requests.first)
        #expect(request.method == "POST")
        #expect(request.body == Array(body.utf8))
        #expect(outcome.requests.count == 1)
    }

    @Test(arguments: Feed.allCases)
    func chunkedBodyWithExtensionsAndTrailersIsJoined(feed: Feed) throws {
        let text = "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n6 ; q=\"x y\"; flag\r\n world\r\nA\r\n0123456789\r\n"
            + "0;last\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n"
        let outcome = parseStream(text, feed: feed)
        #expect(outcome.error == nil)
        let request = try #require(outcome.requests.first)
        #expect(request.isChunked)
        #expect(String(decoding: request.body, as: UTF8.self) == "hello world0123456789")
        #expect(request.trailers.all.map(\.name) == ["X-Checksum", "X-Other"])
        #expect(request.trailers.first("x-checksum") == "abc")
        #expect(outcome.ends == [text.utf8.count])
    }

    @Test(arguments: Feed.allCases)
    func pipelinedRequestsAreParsedOneAfterAnotherWithTheirEnds(feed: Feed) {
        let first = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n"
        let second = "POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nxyz"
        let third = "\r\nPOST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n"
        let fourth = "OPTIONS * HTTP/1.0\r\nConnection: close\r\n\r\n"
        let outcome = parseStream(first + second + third + fourth, feed: feed)
        #expect(outcome.error == nil)
        #expect(outcome.requests.map(\.target) == ["/a", "/b", "/c", "*"])
        #expect(outcome.requests.map { String(decoding: $0.body, as: UTF8.self) } == ["", "xyz", "z", ""])
        let lengths = [first, second, third, fourth].map(\.utf8.count)
        #expect(outcome.ends == [lengths[0], lengths[0] + lengths[1], lengths[0] + lengths[1] + lengths[2],
                                 lengths.reduce(0, +)])
    }

    @Test
    func parseStopsAtTheEndOfOneRequestAndReportsWhatItConsumed() throws {
        let first = Array("GET /a HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        let stream = first + Array("GET /b HTTP/1.1\r\n".utf8)
        var parser = HTTPRequestParser()
        let (progress, used) = try parser.parse(stream)
        #expect(progress == .complete && used == first.count)
        let (still, none) = try parser.parse(stream[used...])   // not consumed until taken
        #expect(still == .complete && none == 0)
        #expect(parser.takeRequest()?.target == "/a")
        #expect(parser.takeRequest() == nil)
        let (again, rest) = try parser.parse(stream[used...])
        #expect(again == .needMore && rest == stream.count - used)
        #expect(throws: HTTPParseError(.incompleteRequest, offset: stream.count)) { try parser.finish() }
    }

    @Test(arguments: Feed.allCases)
    func identicalDuplicateContentLengthsAreOneLength(feed: Feed) {
        let outcome = parseStream("PUT /x HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\ncontent-length: 002\r\n\r\nok", feed: feed)
        #expect(outcome.error == nil)
        #expect(outcome.requests.first?.body == Array("ok".utf8))
    }

    @Test(arguments: Feed.allCases)
    func bareLFEndsLinesOnlyWhenAccepted(feed: Feed) {
        let text = "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n"
        let accepted = parseStream(text, feed: feed, acceptsBareLF: true)
        #expect(accepted.error == nil)
        #expect(accepted.requests.first?.body == Array("abc".utf8))
        #expect(parseStream(text, feed: feed).error == HTTPParseError(.bareLF, offset: 15))
        #expect(parseStream("GET / HTTP/1.1\r\nHost: a\rb\n\n", feed: feed, acceptsBareLF: true).error
                == HTTPParseError(.bareCR, offset: 23))
    }

    @Test(arguments: Feed.allCases)
    func obsTextInValuesAndEveryTokenCharacterInNamesAreAccepted(feed: Feed) {
        let bytes = Array("GET / HTTP/1.1\r\nHost: a\r\n!#$%&'*+-.^_`|~09azAZ: caf".utf8) + [0xC3, 0xA9]
            + Array("\r\n\r\n".utf8)
        let outcome = parseStream(bytes, feed: feed)
        #expect(outcome.error == nil)
        #expect(outcome.requests.first?.headers.first("!#$%&'*+-.^_`|~09azaz") == "café")
    }

    @Test
    func aFailedParserThrowsTheSameErrorAgain() {
        var parser = HTTPRequestParser()
        let bad = HTTPParseError(.invalidMethod, offset: 1)
        #expect(throws: bad) { try parser.parse(Array("G@T / HTTP/1.1\r\n".utf8)) }
        #expect(throws: bad) { try parser.parse(Array("GET / HTTP/1.1\r\n".utf8)) }
        #expect(throws: bad) { try parser.finish() }
        #expect(bad.status == 400 && bad.description == "400 invalidMethod at byte 1")
    }
}

@Suite("Keep-alive")
struct KeepAliveTests {
    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: a\r\n\r\n", true),
        ("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, CLOSE\r\n\r\n", false),
        ("GET / HTTP/1.0\r\n\r\n", false),
        ("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true),
        ("GET / HTTP/1.0\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n", false),
    ])
    func connectionFieldAndVersionDecide(text: String, keepsAlive: Bool) throws {
        let request = try #require(parseStream(text, feed: .whole).requests.first)
        #expect(request.keepsAlive == keepsAlive)
    }
}
