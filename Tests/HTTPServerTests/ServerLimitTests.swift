import Foundation
import Testing
@testable import HTTPServer

/// The server's answers to requests past a limit or against a framing rule: the status line,
/// `Content-Length: 0`, `Connection: close`, nothing else, the connection closed, and the
/// handler never called.
@Suite struct ServerLimitTests {
    static let small = HTTPParserLimits(maxTargetBytes: 64, maxHeaderCount: 4, maxBodyBytes: 10)

    static func refusal(_ status: Int, _ reason: String) -> String {
        "HTTP/1.1 \(status) \(reason)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String, request: String, status: Int, reason: String, rule: String
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "oversized body: 413, handler not called",
                request: "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n01234567890",
                status: 413, reason: "Content Too Large", rule: "bodyTooLarge"),
        Refusal(name: "oversized chunked body: 413, handler not called",
                request: "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nxxxxxx\r\n5\r\nxxxxx\r\n0\r\n\r\n",
                status: 413, reason: "Content Too Large", rule: "bodyTooLarge"),
        // The classic CL.TE smuggling attempt: a front end reading Content-Length would pass the
        // "GET /hello" on as body; one reading chunked would see a second request.
        Refusal(name: "Content-Length with Transfer-Encoding (smuggling): 400",
                request: "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 30\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\n\r\n",
                status: 400, reason: "Bad Request", rule: "contentLengthWithTransferEncoding"),
        Refusal(name: "too many headers: 431",
                request: "GET /hello HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n",
                status: 431, reason: "Request Header Fields Too Large", rule: "tooManyHeaders"),
        Refusal(name: "long URI: 414",
                request: "GET /hello?" + String(repeating: "x", count: 100) + " HTTP/1.1\r\nHost: a\r\n\r\n",
                status: 414, reason: "URI Too Long", rule: "targetTooLong"),
    ]

    @Test(arguments: refusals) func refusedWithTheStatusOnlyAndTheHandlerNotCalled(_ test: Refusal) throws {
        let fixture = try ServerFixture { $0.limits = ServerLimitTests.small }
        defer { fixture.stop() }
        let client = try fixture.connect()
        client.send(test.request)
        #expect(client.readToEnd() == "HTTP/1.1 \(test.status) \(test.reason)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(fixture.handlerCalls == 0)
        #expect(fixture.eventually { fixture.logLines.contains { $0.contains(" - - \(test.status) 0 ") && $0.hasSuffix(" \(test.rule)\n") } })
    }

    @Test func oversizedUploadStillArrivingGets413RatherThanAReset() throws {
        let fixture = try ServerFixture { $0.limits = ServerLimitTests.small }
        defer { fixture.stop() }
        let client = try fixture.connect()
        client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 262144\r\n\r\n")
        client.send([UInt8](repeating: 0x78, count: 262_144))
        #expect(client.readToEnd() == ServerLimitTests.refusal(413, "Content Too Large"))
        #expect(fixture.handlerCalls == 0)
    }

    @Test func clientThatStopsReadingIsDroppedAfterTheWriteTimeout() throws {
        let fixture = try ServerFixture { $0.writeTimeout = .milliseconds(500) }
        defer { fixture.stop() }
        let client = try fixture.connect()
        client.send("GET /big HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(fixture.eventually { fixture.server.openConnections == 1 })
        let start = Date()
        #expect(fixture.eventually { fixture.server.openConnections == 0 })
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(fixture.logLines.contains { $0.contains(" GET /big 200 ") })
    }

    @Test func bodyAtTheLimitReachesTheHandler() throws {
        let fixture = try ServerFixture { $0.limits = ServerLimitTests.small }
        defer { fixture.stop() }
        let client = try fixture.connect()
        client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789")
        let response = try #require(client.readResponse())
        #expect(response.head.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(response.body == "0123456789")
        #expect(fixture.handlerCalls == 1)
    }

    @Test func slowClientSendingAByteASecondIsDropped() throws {
        let fixture = try ServerFixture { $0.requestTimeout = .seconds(2) }
        defer { fixture.stop() }
        let client = try fixture.connect(receiveTimeout: 10)
        let request = Array("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        let sent = CallCounter()
        let sender = Thread {
            for byte in request {
                guard client.send([byte]) else { return }
                sent.increment()
                Thread.sleep(forTimeInterval: 1)
            }
        }
        let start = Date()
        sender.start()
        let answer = client.readToEnd()
        let waited = Date().timeIntervalSince(start)
        #expect(answer == ServerLimitTests.refusal(408, "Request Timeout"))
        #expect(waited >= 1.5 && waited < 6, "dropped after \(waited) s")
        #expect(sent.value < request.count)
        #expect(fixture.handlerCalls == 0)
    }

    @Test func idleKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws {
        let fixture = try ServerFixture { $0.idleTimeout = .milliseconds(300) }
        defer { fixture.stop() }
        let client = try fixture.connect()
        client.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(client.readResponse()?.body == "hello\n")
        let start = Date()
        #expect(client.isClosed())
        #expect(Date().timeIntervalSince(start) < 3)
    }

    @Test func connectionsPastTheCapAreAnswered503AndClosed() throws {
        let fixture = try ServerFixture { $0.maxConnections = 2 }
        defer { fixture.stop() }
        let first = try fixture.connect(), second = try fixture.connect()
        #expect(fixture.eventually { fixture.server.openConnections == 2 })
        let third = try fixture.connect()
        #expect(third.readToEnd().hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
        // The two admitted ones still work, and once one leaves a new one is admitted.
        first.send("GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        #expect(first.readResponse()?.body == "hello\n")
        #expect(fixture.eventually { fixture.server.openConnections == 1 })
        let fourth = try fixture.connect()
        fourth.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(fourth.readResponse()?.body == "hello\n")
        _ = second
    }
}
