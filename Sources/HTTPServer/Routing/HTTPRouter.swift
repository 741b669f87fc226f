/// Routes requests to typed handlers by method and path pattern.
///
/// A pattern is a path of literal segments and `{name}` parameters: `/customers/{id}/users`.
/// Segments are percent-decoded before they are compared; a `{name}` matches one non-empty
/// segment, and its decoded value is in ``HTTPRequestContext/parameters``. A segment that
/// decodes to `.`, `..` or to something holding `/` or NUL matches nothing (404), so no
/// encoded path can climb out of a route. Paths match exactly: `/customers/` is not `/customers`.
///
/// No route for the path: 404. A route for the path but not the method: 405 with `Allow`.
/// `HEAD` runs the `GET` handler (the server sends the head only). A handler that throws: 500,
/// with nothing of the error in the response.
///
/// Bodies (docs/http.md, Bodies and forms): a route takes its body whole in memory, under the
/// server's `maxBodyBytes` or its own `maxBodyBytes`, or streamed (``upload(_:maxBodyBytes:_:)``)
/// through an ``HTTPBodyReader`` under its own limit. The server asks ``bodyPolicy(method:target:)``
/// once the head is read, so a `Content-Length` over the route's limit is a 413 before any body byte.
public struct HTTPRouter: Sendable {
    /// A handler: the request in, the response out.
    public typealias Handler = @Sendable (HTTPRequestContext) throws -> HTTPResponse
    /// A streaming route's handler: the request's head (body empty) and its body as it arrives.
    public typealias StreamingHandler = @Sendable (HTTPRequestContext, HTTPBodyReader) throws -> HTTPResponse

    /// How a route takes its body.
    public struct BodyPolicy: Sendable, Equatable {
        /// The route's limit, or nil for the server's (``HTTPParserLimits/maxBodyBytes``).
        public var maxBodyBytes: Int?
        /// Whether the body is streamed to the handler rather than gathered.
        public var streams: Bool
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    struct Route: Sendable {
        var method: String
        var segments: [Segment]
        var handler: Handler
        var policy = BodyPolicy(maxBodyBytes: nil, streams: false)
        var streamingHandler: StreamingHandler?
    }

    private var routes: [Route] = []

    /// Creates a router without routes.
    public init() {}

    /// Adds a route; an earlier route for the same method and path wins.
    public mutating func on(_ method: String, _ pattern: String, _ handler: @escaping Handler) {
        let segments: [Segment] = HTTPRouter.split(pattern).map { piece in
            piece.hasPrefix("{") && piece.hasSuffix("}") && piece.count > 2
                ? .parameter(String(piece.dropFirst().dropLast())) : .literal(String(piece))
        }
        routes.append(Route(method: method, segments: segments, handler: handler))
    }

    /// Adds a `GET` route (which `HEAD` also reaches).
    public mutating func get(_ pattern: String, _ handler: @escaping Handler) { on("GET", pattern, handler) }

    /// Adds a `POST` route.
    public mutating func post(_ pattern: String, _ handler: @escaping Handler) { on("POST", pattern, handler) }

    /// Adds a `POST` route whose body, kept in memory, may be at most `maxBodyBytes` (413 past it),
    /// e.g. a small limit for an ordinary form.
    public mutating func post(_ pattern: String, maxBodyBytes: Int, _ handler: @escaping Handler) {
        on("POST", pattern, handler)
        routes[routes.count - 1].policy = BodyPolicy(maxBodyBytes: maxBodyBytes, streams: false)
    }

    /// Adds a route (`POST` unless told) whose body is streamed to `handler` as it arrives, at
    /// most `maxBodyBytes` (413 past it, also mid-way through a chunked body).
    public mutating func upload(_ pattern: String, method: String = "POST", maxBodyBytes: Int,
                                _ handler: @escaping StreamingHandler) {
        on(method, pattern) { context in try handler(context, HTTPBodyReader(bytes: context.request.body)) }
        routes[routes.count - 1].policy = BodyPolicy(maxBodyBytes: maxBodyBytes, streams: true)
        routes[routes.count - 1].streamingHandler = handler
    }

    /// How the route that `method` and `target` reach takes its body (the server's limit, in
    /// memory, when no route matches: the request is answered 404 or 405 anyway).
    public func bodyPolicy(method: String, target: String) -> BodyPolicy {
        let path = target.firstIndex(of: "?").map { String(target[..<$0]) } ?? target
        guard case .found(let route, _)? = lookup(method: method, path: path) else {
            return BodyPolicy(maxBodyBytes: nil, streams: false)
        }
        return route.policy
    }

    /// The response to `context`; a streaming route reads its body from `body` (by default
    /// the request's body in memory).
    public func respond(to context: HTTPRequestContext, body: HTTPBodyReader? = nil) -> HTTPResponse {
        switch lookup(method: context.request.method, path: context.path) {
        case nil:
            return HTTPRouter.notFound
        case .badEscape:
            return .text("400 Bad Request: a malformed percent-escape in the path\n", status: 400)
        case .notAllowed(var allowed):
            if allowed.contains("GET") && !allowed.contains("HEAD") { allowed.append("HEAD") }
            return HTTPResponse(status: 405, headers: [("Allow", allowed.joined(separator: ", ")),
                                                       ("Content-Type", "text/plain; charset=utf-8")],
                                body: .bytes(Array("405 Method Not Allowed\n".utf8)))
        case .found(let route, let parameters):
            var routed = context
            routed.parameters = parameters
            do {
                if let streaming = route.streamingHandler, let body { return try streaming(routed, body) }
                return try route.handler(routed)
            } catch {
                return .text("500 Internal Server Error\n", status: 500)
            }
        }
    }

    private enum Lookup {
        case found(Route, [String: String])
        case notAllowed([String])
        case badEscape
    }

    /// The route for `method` and the undecoded `path`, or why there is none (nil: 404).
    private func lookup(method: String, path: String) -> Lookup? {
        guard path.hasPrefix("/") else { return nil }
        var decoded: [String] = []
        for piece in HTTPRouter.split(path) {
            guard let segment = HTTPPercentDecoding.decode(piece) else { return .badEscape }
            if segment == "." || segment == ".." || segment.utf8.contains(where: { $0 == 0x2F || $0 == 0 }) {
                return nil
            }
            decoded.append(segment)
        }
        var allowed: [String] = []
        for route in routes {
            guard let parameters = HTTPRouter.match(route.segments, decoded) else { continue }
            guard route.method == method || (method == "HEAD" && route.method == "GET") else {
                if !allowed.contains(route.method) { allowed.append(route.method) }
                continue
            }
            return .found(route, parameters)
        }
        return allowed.isEmpty ? nil : .notAllowed(allowed)
    }

    static let notFound = HTTPResponse.text("404 Not Found\n", status: 404)

    /// The segments of a path: `/` is none, `/a/` is `a` and an empty one.
    static func split(_ path: String) -> [Substring] {
        let pieces = path.split(separator: "/", omittingEmptySubsequences: false)
        return Array(pieces.dropFirst())
            .enumerated().filter { !($0.offset == 0 && $0.element.isEmpty && pieces.count == 2) }.map(\.element)
    }

    /// The parameters when `segments` match `path`, else nil.
    static func match(_ segments: [Segment], _ path: [String]) -> [String: String]? {
        guard segments.count == path.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, piece) in zip(segments, path) {
            switch segment {
            case .literal(let literal): if literal != piece { return nil }
            case .parameter(let name):
                if piece.isEmpty { return nil }
                parameters[name] = piece
            }
        }
        return parameters
    }
}
