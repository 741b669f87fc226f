/// A page for what could not be done at all: an unknown customer or user, a forbidden
/// action, a run refused before it started (another job holds the lock, a stale plan), in
/// the portal's words (``PortalMessages``).
public enum ErrorPage {
    /// The page's HTML.
    /// - Parameters:
    ///   - title: the heading, e.g. "Not found".
    ///   - message: what happened and what to do (escaped).
    ///   - frame: the customer's tabs, when the customer is known.
    public static func render(title: String, message: String, context: PageContext, frame: PageLayout.CustomerFrame? = nil) -> String {
        let back = frame.map { PortalPaths.users($0.customer.id) } ?? PortalPaths.customers
        let body = "<h1>\(HTML.e(title))</h1>\n<p class=\"notice warning\">\(HTML.e(message))</p>\n<div class=\"actions\">"
            + HTML.link(frame == nil ? "Back to customers" : "Back to users and licenses", href: back) + "</div>\n"
        return PageLayout.page(title: title, context: context, frame: frame, body: body)
    }
}
