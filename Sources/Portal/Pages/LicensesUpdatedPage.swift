/// "Licenses updated": the existing HTML report (``HTMLReport``, embedded) inside the portal's
/// layout, for Save, delete, restore, a committed upload, and (in the future tense, as the
/// report says it for a preview) an upload's Preview.
public enum LicensesUpdatedPage {
    /// The page's HTML.
    /// - Parameters:
    ///   - reportHTML: ``PortalJob/Result/reportHTML`` (trusted: the report escapes every value).
    ///   - frame: the customer's tabs.
    ///   - credentialsLink: where the run's credentials sheet is downloaded once, if it issued passwords.
    public static func render(reportHTML: String, frame: PageLayout.CustomerFrame, context: PageContext,
                              credentialsLink: String? = nil) -> String {
        var body = reportHTML
        body += "<div class=\"actions\">"
        if let credentialsLink {
            body += HTML.link("Download the sign-in details (.eml), once", href: credentialsLink, className: "button")
        }
        body += HTML.link("Back to users and licenses", href: PortalPaths.users(frame.customer.id)) + "</div>\n"
        return PageLayout.page(title: "Licenses updated", context: context, frame: frame, body: body)
    }
}
