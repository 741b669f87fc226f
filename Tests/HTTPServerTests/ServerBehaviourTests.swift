import Foundation
import Testing
@testable import HTTPServer

/// Keep-alive, pipelining, framing of responses, shutdown and the access log, through real sockets.
@Suite struct ServerBehaviourTests {
    @Test func keepAliveCarriesTwoRequestsOnOneConnection() throws {
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        let client = try fixture.connect()
        client.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
        let first = try #require(client.readResponse())
        #expect(first.head == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 6\r\n\r\n")
        #expect(first.body == "hello\n")
        client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc")
        let second = try #require(client.readResponse())
        #expect(second.body == "abc")
        #expect(fixture.handlerCalls == 2)
        #expect(fixture.server.openConnections == 1)
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        let client = try fixture.connect()
        client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\n1GET /hello HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nConnection: close\r\n\r\n3")
        #expect(client.readResponse()?.body == "1")
        #expect(client.readResponse()?.body == "hello\n")
        let last = try #require(client.readResponse())
        #expect(last.head.contains("Connection: close\r\n"))
        #expect(last.body == "3")
        #expect(client.isClosed())
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        let plain = try fixture.connect()
        plain.send("GET /hello HTTP/1.0\r\n\r\n")
        #expect(plain.readResponse()?.head.contains("Connection: close\r\n") == true)
        #expect(plain.isClosed())
        let kept = try fixture.connect()
        kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(kept.readResponse()?.head.contains("Connection: keep-alive\r\n") == true)
        kept.send("GET /hello HTTP/1.0\r\n\r\n")
        #expect(kept.readResponse()?.body == "hello\n")
    }

    @Test func streamedBodyIsChunkedForHTTP11AndCloseDelimitedForHTTP10() throws {
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        let client = try fixture.connect()
        client.send("GET /stream HTTP/1.1\r\nHost: a\r\n\r\n")
        let chunked = try #require(client.readResponse())
        #expect(chunked.head.contains("Transfer-Encoding: chunked\r\n"))
        #expect(!chunked.head.contains("Content-Length"))
        #expect(chunked.body == "2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n")
        let old = try fixture.connect()
        old.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let whole = old.readToEnd()
        #expect(whole.hasSuffix("\r\n\r\nabcd"))
        #expect(whole.contains("Connection: close\r\n") && !whole.contains("chunked"))
    }

    @Test func expectContinueIsAnsweredBeforeTheBodyIsSent() throws {
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        let client = try fixture.connect()
        client.send("POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
        let interim = try #require(client.readResponse(headRequest: true))
        #expect(interim.head == "HTTP/1.1 100 Continue\r\n\r\n")
        client.send("abc")
        #expect(client.readResponse()?.body == "abc")
        // Chunked too; and a request without the field gets none.
        client.send("POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nTransfer-Encoding: chunked\r\n\r\n")
        #expect(client.readResponse(headRequest: true)?.head == "HTTP/1.1 100 Continue\r\n\r\n")
        client.send("2\r\nxy\r\n0\r\n\r\nPOST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nz")
        #expect(client.readResponse()?.body == "xy")
        let plain = try #require(client.readResponse())
        #expect(plain.head.hasPrefix("HTTP/1.1 200 OK\r\n") && plain.body == "z")
    }

    @Test func expectContinueWithABodyTooLargeGets413AndNoContinue() throws {
        let fixture = try ServerFixture { $0.limits = HTTPParserLimits(maxBodyBytes: 10) }
        defer { fixture.stop() }
        let client = try fixture.connect()
        client.send("POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n")
        #expect(client.readToEnd() == "HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(fixture.handlerCalls == 0)
    }

    @Test func headGetsTheHeadOfGetWithoutTheBody() throws {
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        let client = try fixture.connect()
        client.send("HEAD /hello HTTP/1.1\r\nHost: a\r\n\r\n")
        let head = try #require(client.readResponse(headRequest: true))
        #expect(head.head.contains("Content-Length: 6\r\n"))
        client.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(client.readResponse()?.body == "hello\n")
    }

    @Test func shutdownLetsTheRequestInFlightFinishAndStopsAccepting() throws {
        let fixture = try ServerFixture(slowFor: 0.5)
        let busy = try fixture.connect()
        let idle = try fixture.connect()
        busy.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(fixture.eventually { fixture.handlerCalls == 1 })
        fixture.server.shutdown()
        let response = try #require(busy.readResponse())
        #expect(response.head.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(response.head.contains("Connection: close\r\n"))
        #expect(response.body == "slow\n")
        #expect(idle.isClosed())
        fixture.server.waitUntilStopped()
        #expect(throws: TestClient.Failed.self) { _ = try fixture.connect() }
    }

    @Test func shutdownCutsARequestStillArrivingAfterTheGracePeriod() throws {
        let fixture = try ServerFixture { $0.shutdownGrace = .milliseconds(300) }
        let client = try fixture.connect(receiveTimeout: 10)
        client.send("GET /hello HTTP/1.1\r\nHost:")
        #expect(fixture.eventually { fixture.server.openConnections == 1 })
        Thread.sleep(forTimeInterval: 0.1)
        let start = Date()
        fixture.stop()
        #expect(Date().timeIntervalSince(start) < 3)
        #expect(client.isClosed())
    }

    @Test func accessLogHasMethodPathStatusBytesAndDurationButNoQueryString() throws {
        let instant = Date(timeIntervalSince1970: 1_764_883_800) // 2025-12-04T21:30:00Z
        let ticks = CallCounter()
        // Each reading of the monotonic clock moves it 1 ms.
        let clock = HTTPServerClock(now: { instant }, uptimeNanoseconds: { ticks.increment(); return UInt64(ticks.value) * 1_000_000 })
        let fixture = try ServerFixture(clock: clock)
        defer { fixture.stop() }
        let client = try fixture.connect()
        client.send("GET /hello?name=alice&password=hunter2 HTTP/1.1\r\nHost: a\r\nCookie: session=secret\r\n\r\n")
        _ = client.readResponse()
        #expect(fixture.eventually { !fixture.logLines.isEmpty })
        let line = try #require(fixture.logLines.first)
        #expect(line.hasPrefix("2025-12-04T21:30:00.000Z GET /hello 200 6 "))
        #expect(line.hasSuffix("ms\n"))
        for secret in ["alice", "hunter2", "password", "session", "secret", "127.0.0.1", "?"] {
            #expect(!line.contains(secret), "the log line shows \(secret)")
        }
    }

    @Test func accessLogEscapesControlCharactersAndSpaces() {
        let entry = HTTPAccessLog.Entry(method: "GET", target: "/a\u{1B}[31m b\\c\u{7F}é?q=1", status: 404, bytes: 10,
                                        nanoseconds: 2_500_000, rejection: nil)
        let line = HTTPAccessLog.line(entry, at: Date(timeIntervalSince1970: 0))
        #expect(line == "1970-01-01T00:00:00.000Z GET /a\\x1b[31m\\x20b\\x5cc\\x7f\\xc3\\xa9 404 10 2ms\n")
    }

    @Test func listensOnIPv6Loopback() throws {
        guard (try? HTTPServer(configuration: HTTPServerConfiguration(listen: [try HTTPListenAddress("[::1]:0")]),
                               router: HTTPRouter())) != nil else {
            print("skipped: no IPv6 loopback here")
            return
        }
        let fixture = try ServerFixture(host: "::1")
        defer { fixture.stop() }
        let client = try fixture.connect()
        client.send("GET /client HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(client.readResponse()?.body == "::1 http\n")
    }

    @Test func forwardedFieldsAreBelievedOnlyFromTheTrustedProxy() throws {
        let request = "GET /client HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 10.9.9.9, 203.0.113.7\r\nX-Forwarded-Proto: https\r\n\r\n"
        let untrusted = try ServerFixture { $0.trustedProxies = ["127.0.0.2"] }
        defer { untrusted.stop() }
        let direct = try untrusted.connect()
        direct.send(request)
        #expect(direct.readResponse()?.body == "127.0.0.1 http\n")
        let trusted = try ServerFixture { $0.trustedProxies = ["127.0.0.1"] }
        defer { trusted.stop() }
        let proxied = try trusted.connect()
        proxied.send(request)
        #expect(proxied.readResponse()?.body == "203.0.113.7 https\n")
    }
}
