import HTTPServer
import Portal

/// The portal's responses: every one carries the strict headers (the pages' Content-Security-
/// Policy, `nosniff`, no caching, no referrer beyond the portal, no framing).
enum PortalResponse {
    /// The headers every portal response carries.
    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", PageLayout.contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
        ("Cache-Control", "no-store"),
    ]

    /// An HTML page.
    static func html(_ document: String, status: Int = 200, setCookie: String? = nil) -> HTTPResponse {
        var response = HTTPResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")] + securityHeaders,
                                    body: .bytes(Array(document.utf8)))
        if let setCookie { response.setHeader("Set-Cookie", setCookie) }
        return response
    }

    /// 303 See Other to `location` (a path of the portal).
    static func redirect(_ location: String, setCookie: String? = nil) -> HTTPResponse {
        var response = HTTPResponse(status: 303, headers: [("Location", location), ("Content-Type", "text/plain; charset=utf-8")]
                                    + securityHeaders, body: .bytes(Array("See \(location)\n".utf8)))
        if let setCookie { response.setHeader("Set-Cookie", setCookie) }
        return response
    }

    /// A plain-text refusal (403, 404 …) for a request without a page to show it in.
    static func text(_ text: String, status: Int) -> HTTPResponse {
        var response = HTTPResponse.text(text, status: status)
        for (name, value) in securityHeaders { response.setHeader(name, value) }
        return response
    }

    /// The stylesheet.
    static func styleSheet() -> HTTPResponse {
        var response = HTTPResponse(status: 200, headers: [("Content-Type", "text/css; charset=utf-8")],
                                    body: .bytes(Array(PortalStyleSheet.css.utf8)))
        for (name, value) in securityHeaders where name != "Cache-Control" { response.setHeader(name, value) }
        response.setHeader("Cache-Control", "max-age=3600")
        return response
    }

    /// A download (the credentials sheet), never cached.
    static func download(_ bytes: [UInt8], contentType: String, fileName: String) -> HTTPResponse {
        HTTPResponse(status: 200, headers: [("Content-Type", contentType),
                                            ("Content-Disposition", "attachment; filename=\"\(fileName)\"")] + securityHeaders,
                     body: .bytes(bytes))
    }
}
