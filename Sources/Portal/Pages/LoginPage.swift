/// "Sign in": the operator's name and password, posted with the pre-login session's CSRF
/// token to ``PortalPaths/login``. The same layout as every page, without the operator's box.
public enum LoginPage {
    /// The page's HTML.
    /// - Parameters:
    ///   - csrfToken: the pre-login session's token (the sessions' `loginForm`).
    ///   - name: the name typed before, shown again after a failure (never the password).
    ///   - message: why the last attempt failed, one message for every failure.
    public static func render(csrfToken: String, name: String? = nil, message: String? = nil) -> String {
        let context = PageContext(operatorName: "", role: .helpdeskAgent, csrfToken: csrfToken)
        var body = "<h1>Sign in</h1>\n"
        if let message { body += "<p class=\"notice warning\" role=\"alert\">\(HTML.e(message))</p>\n" }
        var fields = FormHTML.text("name", label: "Operator name", value: name, required: true, autocomplete: "username")
        fields += FormHTML.text("password", label: "Password", type: "password", required: true, autocomplete: "current-password")
        fields += "<div class=\"actions\">" + FormHTML.button("Sign in") + "</div>\n"
        body += FormHTML.post(action: PortalPaths.login, context: context, fields)
        return PageLayout.page(title: "Sign in", context: context, signedIn: false, body: body)
    }
}
