import Foundation
import Provisioning

/// What a login attempt came to.
public enum LoginResult: Sendable {
    /// Signed in: a new session (never the pre-login one), and the `Set-Cookie` value that
    /// replaces the browser's cookie.
    case signedIn(PortalSession, setCookie: String)
    /// The name or the password is wrong, or the operator is disabled: one answer for all, so
    /// a caller cannot tell which (``LoginResult/failureMessage``).
    case wrongNameOrPassword
    /// Too many failed logins for this name or from this address; try again after this many
    /// seconds. The password was not checked.
    case throttled(retryAfter: Int)
    /// The login form's session is missing or expired, or its CSRF token does not match: show
    /// the form again (with ``SessionManager/loginForm(cookieHeader:)``) and answer 403.
    case csrfRejected

    /// The one message for a wrong name, a wrong password and a disabled operator.
    public static let failureMessage = "The name or the password is wrong."
}

/// Whether a request may go on.
public enum Authorization: Sendable {
    /// Yes, as this session.
    case allowed(PortalSession)
    /// No live signed-in session: send the browser to the login page.
    case signInRequired
    /// The form's CSRF token is missing or wrong: answer 403 and change nothing.
    case csrfRejected
    /// The operator's role may not do it (the permission matrix): answer 403 and change nothing.
    case forbidden(Violation)

    /// The session when allowed.
    public var session: PortalSession? {
        if case .allowed(let session) = self { return session }
        return nil
    }
}

/// What ``SessionManager/perform(cookieHeader:csrfToken:operation:_:)`` did.
public enum ChangeOutcome<Value> {
    /// The change ran and returned this.
    case done(Value)
    /// The change did not run, for this reason (never ``Authorization/allowed(_:)``).
    case refused(Authorization)
}

extension ChangeOutcome: Sendable where Value: Sendable {}
