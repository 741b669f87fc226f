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
public struct HTTPRouter: Sendable {
    /// A handler: the request in, the response out.
    public typealias Handler = @Sendable (HTTPRequestContext) throws -> HTTPResponse

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    struct Route: Sendable {
        var method: String
        var segments: [Segment]
        var handler: Handler
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

    /// The response to `context`.
    public func respond(to context: HTTPRequestContext) -> HTTPResponse {
        guard context.path.hasPrefix("/") else { return HTTPRouter.notFound }
        var decoded: [String] = []
        for piece in HTTPRouter.split(context.path) {
            guard let segment = HTTPPercentDecoding.decode(piece) else {
                return .text("400 Bad Request: a malformed percent-escape in the path\n", status: 400)
            }
            if segment == "." || segment == ".." || segment.utf8.contains(where: { $0 == 0x2F || $0 == 0 }) {
                return HTTPRouter.notFound
            }
            decoded.append(segment)
        }
        var allowed: [String] = []
        let method = context.request.method
        for route in routes {
            guard let parameters = HTTPRouter.match(route.segments, decoded) else { continue }
            guard route.method == method || (method == "HEAD" && route.method == "GET") else {
                if !allowed.contains(route.method) { allowed.append(route.method) }
                continue
            }
            var routed = context
            routed.parameters = parameters
            do {
                return try route.handler(routed)
            } catch {
                return .text("500 Internal Server Error\n", status: 500)
            }
        }
        if allowed.isEmpty { return HTTPRouter.notFound }
        if allowed.contains("GET") && !allowed.contains("HEAD") { allowed.append("HEAD") }
        return HTTPResponse(status: 405, headers: [("Allow", allowed.joined(separator: ", ")),
                                                   ("Content-Type", "text/plain; charset=utf-8")],
                            body: .bytes(Array("405 Method Not Allowed\n".utf8)))
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
