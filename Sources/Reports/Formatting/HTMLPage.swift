/// The frame every HTML page shares: doctype, UTF-8, a Content-Security-Policy that lets
/// the page load nothing (no scripts, fonts, images or styles from anywhere; inline CSS
/// only), and the opening of `<body>` and `<main>`.
enum HTMLPage {
    /// Everything up to and including `<main>`.
    /// - Parameters:
    ///   - title: the window title, escaped here.
    ///   - style: the page's CSS, trusted (it comes from ``HTMLStyleSheet``).
    ///   - privatePage: asks robots not to index it (the credentials sheet).
    static func start(title: String, style: String, privatePage: Bool = false) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light">\(privatePage ? "\n<meta name=\"robots\" content=\"noindex\">" : "")
        <title>\(HTMLText.escape(title))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        <main>

        """
    }

    /// `<footer>` with `text` (escaped), then the closing tags.
    static func end(footer text: String) -> String {
        """
        <footer>\(HTMLText.escape(text))</footer>
        </main>
        </body>
        </html>

        """
    }
}
