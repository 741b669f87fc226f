import Provisioning

/// A new temporary password, shown once: the confirmation of Add user and of Reset password.
/// Printing the page prints only this (the print stylesheet hides the portal around it); the
/// `.eml` sheet (``PortalCredentialSheet``) is downloaded once from `sheetLink`.
enum CredentialsPanel {
    static func render(_ credential: IssuedCredential, sheetLink: String?) -> String {
        var html = "<section class=\"credentials\" aria-labelledby=\"credentials-title\">"
            + "<h2 id=\"credentials-title\">Sign-in details</h2><dl>"
            + "<dt>User name</dt><dd><code>\(HTML.e(credential.userPrincipalName))</code></dd>"
            + "<dt>Display name</dt><dd>\(HTML.e(credential.displayName))</dd>"
            + "<dt>Temporary password</dt><dd><span class=\"password\">\(HTML.e(credential.password.reveal()))</span></dd></dl>"
            + "<p class=\"notice warning\">This password is shown only this once and is not stored in readable form. "
            + "The user must change it at the next sign-in. To print it, print this page "
            + "(<kbd>Ctrl</kbd>+<kbd>P</kbd>): only the sign-in details are printed.</p>"
        if let sheetLink {
            html += "<p class=\"no-print\">" + HTML.link("Download the sign-in details as a mail message (.eml)", href: sheetLink)
                + " — it can be downloaded once, then it is deleted.</p>"
        }
        return html + "</section>\n"
    }
}
