/// What the session layer reports for a security log: sign-ins, failures, throttling, CSRF
/// refusals, sign-outs and sessions ended. Never a password, a session id or a CSRF token; a
/// failed sign-in names the operator only when the name is one (a user who typed the password
/// into the name field must not find it in the log).
public enum SessionEvent: Sendable, Hashable, CustomStringConvertible {
    /// An operator signed in.
    case signedIn(operatorName: String, address: String)
    /// A sign-in failed; the name when it names an operator, else `nil`.
    case signInFailed(operatorName: String?, address: String)
    /// A sign-in was refused by the throttle without checking the password.
    case signInThrottled(address: String, retryAfter: Int)
    /// A form came without the session's CSRF token.
    case csrfRejected(operatorName: String?)
    /// An operator signed out.
    case signedOut(operatorName: String)
    /// A session ended because it expired or its operator was removed, disabled or changed.
    case sessionEnded(operatorName: String, reason: String)

    public var description: String {
        switch self {
        case .signedIn(let name, let address): return "sign-in: operator \(name) from \(address)"
        case .signInFailed(let name, let address):
            return "sign-in failed: " + (name.map { "operator \($0)" } ?? "an unknown name") + " from \(address)"
        case .signInThrottled(let address, let seconds):
            return "sign-in throttled: from \(address), retry after \(seconds) s"
        case .csrfRejected(let name): return "CSRF token refused" + (name.map { ": operator \($0)" } ?? ": before sign-in")
        case .signedOut(let name): return "sign-out: operator \(name)"
        case .sessionEnded(let name, let reason): return "session ended: operator \(name), \(reason)"
        }
    }
}
