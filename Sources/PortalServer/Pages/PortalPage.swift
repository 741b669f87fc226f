import HTTPServer
import Reports

/// The frame of every portal page: an HTML document with the headers that keep it strict.
///
/// The Content-Security-Policy allows nothing from anywhere (`default-src 'none'`): no script,
/// no style sheet, no image, no frame; forms post to the portal only. Pages work without
/// JavaScript. Every value placed in a page goes through ``escape(_:)``.
enum PortalPage {
    /// The headers every page carries.
    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
    ]

    /// A page titled `title` with `body` (already escaped HTML) in its `<main>`.
    static func response(title: String, body: String, status: Int = 200) -> HTTPResponse {
        let document = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · provision</title>
        </head>
        <body>
        <main>
        <h1>\(escape(title))</h1>
        \(body)
        </main>
        </body>
        </html>

        """
        return HTTPResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")] + securityHeaders,
                            body: .bytes(Array(document.utf8)))
    }

    /// `text` escaped for HTML content and quoted attributes.
    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
