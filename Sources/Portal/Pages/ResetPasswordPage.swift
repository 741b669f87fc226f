import Provisioning

/// "Reset password" for one user: a confirmation form (POST with the CSRF field), then the
/// new temporary password once. The helpdesk rule applies: the users page shows the link
/// only where the role may, and the planner refuses the rest.
public enum ResetPasswordPage {
    /// The confirmation form.
    public static func confirm(_ user: User, frame: PageLayout.CustomerFrame, context: PageContext) -> String {
        let id = frame.customer.id
        var body = "<h1>Reset password</h1>\n<p>Give <strong>\(HTML.e(user.attributes.displayName))</strong> "
            + "(<code>\(HTML.e(user.userPrincipalName))</code>) a new temporary password? The old one stops working, "
            + "and the user must change the new one at the next sign-in.</p>\n"
        body += FormHTML.post(action: PortalPaths.resetPassword(id, objectID: user.objectID), context: context,
                              "<div class=\"actions\">" + FormHTML.button("Reset password")
                              + HTML.link("Cancel", href: PortalPaths.users(id)) + "</div>\n")
        return PageLayout.page(title: "Reset password", context: context, frame: frame, body: body)
    }

    /// The new password, once.
    public static func done(_ credential: IssuedCredential, frame: PageLayout.CustomerFrame, context: PageContext,
                            sheetLink: String?) -> String {
        let body = "<h1>Password reset</h1>\n" + CredentialsPanel.render(credential, sheetLink: sheetLink)
            + "<div class=\"actions\">" + HTML.link("Back to users and licenses", href: PortalPaths.users(frame.customer.id)) + "</div>\n"
        return PageLayout.page(title: "Password reset", context: context, frame: frame, body: body)
    }
}
