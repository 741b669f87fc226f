import Foundation

/// How long sessions live, how many there may be, how failed logins are throttled, and whether
/// the cookie is marked `Secure` (docs/portal-auth.md).
public struct SessionPolicy: Sendable, Hashable {
    /// A signed-in session unused this long ends (30 minutes).
    public var idleTimeout: TimeInterval = 30 * 60
    /// A signed-in session ends this long after its sign-in, used or not (8 hours).
    public var absoluteTimeout: TimeInterval = 8 * 60 * 60
    /// A pre-login session (the login form's) lives this long (15 minutes).
    public var preLoginTimeout: TimeInterval = 15 * 60
    /// The most sessions kept; past it, expired ones go first, then the least recently used
    /// pre-login ones, then the least recently used of all.
    public var maximumSessions = 10_000
    /// Whether the portal is reached over TLS (nginx in front): the cookie gets `Secure` and the
    /// `__Host-` name prefix, which browsers accept only from a secure origin, for `Path=/`,
    /// without `Domain`.
    public var behindTLS = false
    /// Failed-login limits.
    public var throttle = ThrottleLimits()

    /// The defaults above.
    public init() {}

    /// The session cookie's name: `__Host-provision-session` behind TLS, else `provision-session`.
    public var cookieName: String { behindTLS ? "__Host-provision-session" : "provision-session" }
}

/// How many failed logins are allowed within a sliding window before further attempts are
/// refused without checking the password, per sign-in name (any case) and per client address.
public struct ThrottleLimits: Sendable, Hashable {
    /// Failures per name within ``window`` (5).
    public var perName = 5
    /// Failures per client address within ``window`` (20).
    public var perAddress = 20
    /// The window (15 minutes).
    public var window: TimeInterval = 15 * 60
    /// The most names and addresses remembered (each); past it the stalest are forgotten.
    public var maximumTracked = 10_000

    /// The defaults above.
    public init() {}
}
