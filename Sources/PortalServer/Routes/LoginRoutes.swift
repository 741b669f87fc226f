import HTTPServer
import Operators
import Portal
import PortalSessions

/// `GET /login`, `POST /login` and `POST /logout` (docs/portal-auth.md): the login form's
/// pre-login session, the sign-in (a new session, 303 to the customers), one message for every
/// failure, throttling (429 with `Retry-After`), and the sign-out.
enum LoginRoutes {
    static func add(to router: inout HTTPRouter, _ portal: PortalHandlers) {
        router.get(PortalPaths.login) { context in
            let (session, setCookie) = try portal.sessions.loginForm(cookieHeader: PortalHandlers.cookies(context))
            if session.isSignedIn { return PortalResponse.redirect(PortalPaths.customers) }
            return PortalResponse.html(LoginPage.render(csrfToken: session.csrfToken), setCookie: setCookie)
        }
        router.post(PortalPaths.login) { context in try login(context, portal) }
        router.post(PortalPaths.logout) { context in
            let form = PortalHandlers.form(context)
            guard let clear = try portal.sessions.logout(cookieHeader: PortalHandlers.cookies(context),
                                                         csrfToken: form.value(PortalSession.csrfFieldName) ?? "") else {
                return PortalResponse.text("403 Forbidden: the form's security token is missing or out of date.\n", status: 403)
            }
            return PortalResponse.redirect(PortalPaths.login, setCookie: clear)
        }
    }

    static func login(_ context: HTTPRequestContext, _ portal: PortalHandlers) throws -> HTTPResponse {
        let form = PortalHandlers.form(context)
        let cookie = PortalHandlers.cookies(context)
        let name = form.value("name") ?? ""
        let password = OperatorPassword(form.pairs.first { $0.name == "password" }?.value ?? "")
        let result = try portal.sessions.login(cookieHeader: cookie, name: name, password: password,
                                               csrfToken: form.value(PortalSession.csrfFieldName) ?? "",
                                               clientAddress: context.clientAddress)
        func again(_ message: String, status: Int) throws -> HTTPResponse {
            let (session, setCookie) = try portal.sessions.loginForm(cookieHeader: cookie)
            return PortalResponse.html(LoginPage.render(csrfToken: session.csrfToken, name: String(name.prefix(64)),
                                                        message: message), status: status, setCookie: setCookie)
        }
        switch result {
        case .signedIn(_, let setCookie):
            return PortalResponse.redirect(PortalPaths.customers, setCookie: setCookie)
        case .wrongNameOrPassword:
            return try again(LoginResult.failureMessage, status: 200)   // not 401: no WWW-Authenticate scheme applies
        case .throttled(let seconds):
            var response = try again("Too many failed sign-ins. Try again in \(seconds) seconds.", status: 429)
            response.setHeader("Retry-After", String(seconds))
            return response
        case .csrfRejected:
            return try again("The sign-in form was out of date. Sign in again.", status: 403)
        }
    }
}
