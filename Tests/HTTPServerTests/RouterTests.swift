import Testing
@testable import HTTPServer

/// Routing by method and path pattern, decoding, and the answers when nothing matches.
@Suite struct RouterTests {
    static func router() -> HTTPRouter {
        var router = HTTPRouter()
        router.get("/") { _ in .text("index") }
        router.get("/customers/{id}") { context in .text("customer " + (context.parameters["id"] ?? "?")) }
        router.post("/customers/{id}") { context in .text("posted " + (context.parameters["id"] ?? "?")) }
        router.get("/files/{name}") { context in .text("file " + (context.parameters["name"] ?? "?")) }
        router.get("/boom") { _ in throw Boom() }
        return router
    }

    struct Boom: Error {}

    static func respond(_ method: String, _ target: String) -> (Int, String, HTTPResponse) {
        let request = HTTPRequest(method: method, target: target, version: .http11)
        let response = router().respond(to: HTTPRequestContext(request: request, peerAddress: "127.0.0.1"))
        guard case .bytes(let body) = response.body else { return (response.status, "<stream>", response) }
        return (response.status, String(decoding: body, as: UTF8.self), response)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var method: String, target: String, status: Int, body: String
        var testDescription: String { "\(method) \(target)" }
    }

    static let cases: [Case] = [
        Case(method: "GET", target: "/", status: 200, body: "index"),
        Case(method: "GET", target: "/?q=1", status: 200, body: "index"),
        Case(method: "GET", target: "/customers/contoso", status: 200, body: "customer contoso"),
        Case(method: "GET", target: "/customers/con%20toso", status: 200, body: "customer con toso"),
        Case(method: "HEAD", target: "/customers/contoso", status: 200, body: "customer contoso"),
        Case(method: "POST", target: "/customers/contoso", status: 200, body: "posted contoso"),
        Case(method: "GET", target: "/customers/", status: 404, body: "404 Not Found\n"),
        Case(method: "GET", target: "/customers", status: 404, body: "404 Not Found\n"),
        Case(method: "GET", target: "/customers/a/b", status: 404, body: "404 Not Found\n"),
        Case(method: "GET", target: "/nowhere", status: 404, body: "404 Not Found\n"),
        Case(method: "GET", target: "*", status: 404, body: "404 Not Found\n"),
        // Traversal: encoded dots and slashes never match a parameter.
        Case(method: "GET", target: "/files/..", status: 404, body: "404 Not Found\n"),
        Case(method: "GET", target: "/files/%2e%2e", status: 404, body: "404 Not Found\n"),
        Case(method: "GET", target: "/files/..%2Fetc%2Fpasswd", status: 404, body: "404 Not Found\n"),
        Case(method: "GET", target: "/files/a%00b", status: 404, body: "404 Not Found\n"),
        Case(method: "GET", target: "/files/%zz", status: 400, body: "400 Bad Request: a malformed percent-escape in the path\n"),
        Case(method: "GET", target: "/files/%ff", status: 400, body: "400 Bad Request: a malformed percent-escape in the path\n"),
        Case(method: "GET", target: "/boom", status: 500, body: "500 Internal Server Error\n"),
        Case(method: "DELETE", target: "/customers/contoso", status: 405, body: "405 Method Not Allowed\n"),
    ]

    @Test(arguments: cases) func routes(_ test: Case) {
        let (status, body, _) = RouterTests.respond(test.method, test.target)
        #expect(status == test.status)
        #expect(body == test.body)
    }

    @Test func methodNotAllowedListsTheMethodsThatAre() {
        let (_, _, response) = RouterTests.respond("PUT", "/customers/x")
        #expect(response.header("Allow") == "GET, POST, HEAD")
    }

    @Test func queryIsDecoded() {
        let request = HTTPRequest(method: "GET", target: "/s?q=a+b%26c&empty=&flag&bad=%zz", version: .http11)
        let context = HTTPRequestContext(request: request, peerAddress: "127.0.0.1")
        #expect(context.path == "/s")
        #expect(context.query.map { "\($0.name)=\($0.value)" } == ["q=a b&c", "empty=", "flag="])
        #expect(context.queryValue("q") == "a b&c")
    }

    @Test func responseHeaderValuesCannotSplitTheResponse() {
        var response = HTTPResponse(status: 200)
        response.setHeader("X-Name", "a\r\nSet-Cookie: evil=1")
        response.setHeader("Bad\r\nName", "v")
        response.setHeader("Content-Length", "999")
        let head = String(decoding: response.head(contentLength: 0, chunked: false, closing: false, version: .http11), as: UTF8.self)
        #expect(head == "HTTP/1.1 200 OK\r\nX-Name: a  Set-Cookie: evil=1\r\nBadName: v\r\nContent-Length: 0\r\n\r\n")
    }
}

/// Listen addresses: what `--listen` accepts and what counts as loopback.
@Suite struct ListenAddressTests {
    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1:8080", true), ("127.1.2.3:0", "127.1.2.3:0", true),
        ("[::1]:8080", "[::1]:8080", true), ("[0:0:0:0:0:0:0:1]:80", "[::1]:80", true),
        ("0.0.0.0:80", "0.0.0.0:80", false), ("[::]:80", "[::]:80", false), ("192.168.1.5:443", "192.168.1.5:443", false),
    ])
    func parses(_ text: String, _ shown: String, _ loopback: Bool) throws {
        let address = try HTTPListenAddress(text)
        #expect(address.description == shown)
        #expect(address.isLoopback == loopback)
    }

    @Test(arguments: [
        ("127.0.0.1", HTTPListenAddress.Problem.missingPort), ("localhost:80", .invalidHost), ("::1:80", .invalidHost),
        ("127.0.0.1:65536", .invalidPort), ("127.0.0.1:", .invalidPort), ("127.0.0.1:-1", .invalidPort),
        ("[::1]", .missingPort), ("[::1:80", .invalidHost), ("1.2.3:80", .invalidHost),
    ])
    func refuses(_ text: String, _ problem: HTTPListenAddress.Problem) {
        #expect(throws: problem) { _ = try HTTPListenAddress(text) }
    }

    @Test func forwardingTakesTheLastAddressFromATrustedPeerOnly() {
        let headers = HTTPHeaders([("X-Forwarded-For", "1.1.1.1, 2.2.2.2"), ("X-Forwarded-Proto", "https")])
        #expect(HTTPForwarding(headers: headers, peer: "127.0.0.1", trustedProxies: ["127.0.0.1"])
                == HTTPForwarding(client: "2.2.2.2", secure: true))
        #expect(HTTPForwarding(headers: headers, peer: "127.0.0.9", trustedProxies: ["127.0.0.1"])
                == HTTPForwarding(client: "127.0.0.9", secure: false))
        let junk = HTTPHeaders([("X-Forwarded-For", "<script>")])
        #expect(HTTPForwarding(headers: junk, peer: "::1", trustedProxies: ["0:0::1"])
                == HTTPForwarding(client: "::1", secure: false))
    }
}
