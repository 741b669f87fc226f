import HTTPServer

/// `GET /health`: plain text saying the portal is up, with the client address and scheme it
/// worked out (so a check through the reverse proxy can see the forwarded fields honoured).
/// The address is the caller's own; nothing else is shown.
enum HealthPage {
    static func response(_ context: HTTPRequestContext) -> HTTPResponse {
        var response = HTTPResponse.text("status: ok\nclient: \(context.clientAddress)\nscheme: \(context.scheme)\n")
        response.setHeader("Cache-Control", "no-store")
        return response
    }
}
