import Foundation
import Operators
import Provisioning

// Design note (docs/portal-auth.md): sessions live in this process's memory, keyed by the
// SHA-256 of their id, never the id itself. A browser first gets a pre-login session (for the
// login form's CSRF token); signing in discards it and issues a new id and a new CSRF token, so
// an id an attacker planted before the login is never promoted (session fixation). Every
// request re-reads the operator from the store: a removed, disabled or changed operator's
// sessions end at their next request, and the role is always the stored one.

/// The portal's sessions: the login check, throttling, session cookies, CSRF tokens and the
/// permission check of each request, in plain values (a `Cookie` header's text in, a
/// `Set-Cookie` value out) so that the HTTP layer only carries text.
///
/// Safe to share between the server's threads: the sessions and the throttle sit behind a
/// lock; the slow password check runs outside it.
public final class SessionManager: @unchecked Sendable {
    private let accounts: OperatorAccounts
    /// Lifetimes, limits and the cookie's form.
    public let policy: SessionPolicy
    private let random: RandomSource
    private let clock: @Sendable () -> Date
    private let log: @Sendable (SessionEvent) -> Void
    private let lock = NSLock()
    /// Live sessions by the hex SHA-256 of their id.
    private(set) var records: [String: Record] = [:]
    private var throttle: LoginThrottle

    /// One stored session.
    struct Record {
        var operatorName: String?
        /// The operator's `changedAt` at sign-in: a later change (password, role, state) ends it.
        var accountChangedAt: Date?
        var csrfToken: String
        var createdAt: Date
        var lastSeen: Date
    }

    /// - Parameters:
    ///   - accounts: the operators, for the login check and each request's role.
    ///   - random: session ids and CSRF tokens (the system CSPRNG; a seeded one in tests).
    ///   - clock: "now" for expiry and throttling.
    ///   - log: receives a ``SessionEvent`` per sign-in, failure, sign-out and refusal, on the
    ///     request's thread and sometimes with the manager's lock held: it must not call back
    ///     into the manager.
    public init(accounts: OperatorAccounts, policy: SessionPolicy = SessionPolicy(), random: RandomSource = .system(),
                clock: @escaping @Sendable () -> Date, log: @escaping @Sendable (SessionEvent) -> Void = { _ in }) {
        self.accounts = accounts
        self.policy = policy
        self.random = random
        self.clock = clock
        self.log = log
        throttle = LoginThrottle(limits: policy.throttle)
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    // MARK: The login form and the login

    /// The session for the login page: the browser's live session when it has one, else a new
    /// pre-login session with the `Set-Cookie` value that gives it to the browser.
    public func loginForm(cookieHeader: String?) throws -> (session: PortalSession, setCookie: String?) {
        if let current = try session(cookieHeader: cookieHeader) { return (current, nil) }
        let now = clock()
        let (token, session) = try locked { () throws -> (String, PortalSession) in
            let token = SessionToken.make(random)
            let record = Record(operatorName: nil, accountChangedAt: nil, csrfToken: SessionToken.make(random),
                                createdAt: now, lastSeen: now)
            try insert(record, token: token, now: now)
            return (token, view(record, role: nil))
        }
        return (session, SessionCookie.set(token, maxAge: Int(policy.preLoginTimeout), policy: policy))
    }

    /// Checks a login form: its CSRF token against the browser's pre-login session, the
    /// throttle, then the name and password (``Operators/OperatorAccounts/authenticate(name:password:)``).
    /// On success the pre-login session is discarded and a new one issued.
    /// - Parameter clientAddress: the client's address as the server determined it.
    /// - Throws: ``Operators/CryptoError`` when the system's crypto fails (not a wrong password).
    public func login(cookieHeader: String?, name: String, password: OperatorPassword, csrfToken: String,
                      clientAddress: String) throws -> LoginResult {
        let address = Self.loggable(clientAddress)
        let now = clock()
        let preLogin = try locked { () throws -> String? in
            guard let (key, record) = try live(cookieHeader, now: now),
                  SessionToken.matches(csrfToken, record.csrfToken) else { return nil }
            return key
        }
        guard let preLogin else {
            log(.csrfRejected(operatorName: nil))
            return .csrfRejected
        }
        if let wait = locked({ throttle.begin(name: name, address: address, now: now) }) {
            let seconds = Int(wait.rounded(.up))
            log(.signInThrottled(address: address, retryAfter: seconds))
            return .throttled(retryAfter: seconds)
        }
        // Counted as a failure by `begin` until it succeeds.
        guard let account = try accounts.authenticate(name: name, password: password) else {
            let known = OperatorName.problem(name) == nil ? (try? accounts.account(named: name))?.map(\.name) : nil
            log(.signInFailed(operatorName: known, address: address))
            return .wrongNameOrPassword
        }
        let (token, session) = try locked { () throws -> (String, PortalSession) in
            records[preLogin] = nil
            throttle.succeeded(name: name, address: address, at: now)
            let token = SessionToken.make(random)
            let record = Record(operatorName: account.name, accountChangedAt: account.changedAt,
                                csrfToken: SessionToken.make(random), createdAt: now, lastSeen: now)
            try insert(record, token: token, now: now)
            return (token, view(record, role: account.role))
        }
        log(.signedIn(operatorName: account.name, address: address))
        return .signedIn(session, setCookie: SessionCookie.set(token, maxAge: Int(policy.absoluteTimeout), policy: policy))
    }

    // MARK: Requests

    /// The browser's live session (pre-login or signed in), touched; `nil` when the cookie names
    /// none, it expired, or its operator was removed, disabled or changed since the sign-in.
    public func session(cookieHeader: String?) throws -> PortalSession? {
        let now = clock()
        guard let (key, record) = try locked({ try live(cookieHeader, now: now) }) else { return nil }
        guard let name = record.operatorName else {
            locked { records[key]?.lastSeen = now }
            return view(record, role: nil)
        }
        let account = try accounts.account(named: name)
        guard let account, !account.disabled, account.changedAt == record.accountChangedAt else {
            locked { records[key] = nil }
            let reason = account == nil ? "operator removed" : account?.disabled == true ? "operator disabled"
                : "operator changed"
            log(.sessionEnded(operatorName: name, reason: reason))
            return nil
        }
        locked { records[key]?.lastSeen = now }
        return view(record, role: account.role)
    }

    /// Whether a request that only reads may go on: a signed-in session whose role may do
    /// `operation` (any signed-in operator when `nil`).
    public func authorize(cookieHeader: String?, operation: Provisioning.Operation?) throws -> Authorization {
        guard let session = try session(cookieHeader: cookieHeader), session.isSignedIn else { return .signInRequired }
        if let operation, let denied = session.denial(operation) { return .forbidden(denied) }
        return .allowed(session)
    }

    /// Whether a form that changes something may go on: a signed-in session, the form's CSRF
    /// token equal to the session's (compared in constant time), and a role that may do
    /// `operation`. Checked in that order, before anything is read from the form's data.
    public func authorizeChange(cookieHeader: String?, csrfToken: String?,
                                operation: Provisioning.Operation?) throws -> Authorization {
        guard let session = try session(cookieHeader: cookieHeader), session.isSignedIn else { return .signInRequired }
        guard let csrfToken, SessionToken.matches(csrfToken, session.csrfToken) else {
            log(.csrfRejected(operatorName: session.operatorName))
            return .csrfRejected
        }
        if let operation, let denied = session.denial(operation) { return .forbidden(denied) }
        return .allowed(session)
    }

    /// Runs `change` only when ``authorizeChange(cookieHeader:csrfToken:operation:)`` allows it.
    public func perform<Value>(cookieHeader: String?, csrfToken: String?, operation: Provisioning.Operation?,
                               _ change: (PortalSession) throws -> Value) throws -> ChangeOutcome<Value> {
        let authorization = try authorizeChange(cookieHeader: cookieHeader, csrfToken: csrfToken, operation: operation)
        guard case .allowed(let session) = authorization else { return .refused(authorization) }
        return .done(try change(session))
    }

    /// Signs out (a form: its CSRF token must match). The session is discarded whatever it was.
    /// - Returns: the `Set-Cookie` value that clears the cookie, or `nil` when the token did not
    ///   match a live session (answer 403; nothing changed).
    public func logout(cookieHeader: String?, csrfToken: String) throws -> String? {
        let now = clock()
        let ended = try locked { () throws -> Record? in
            guard let (key, record) = try live(cookieHeader, now: now),
                  SessionToken.matches(csrfToken, record.csrfToken) else { return nil }
            records[key] = nil
            return record
        }
        guard let ended else {
            log(.csrfRejected(operatorName: nil))
            return nil
        }
        if let name = ended.operatorName { log(.signedOut(operatorName: name)) }
        return SessionCookie.clear(policy: policy)
    }

    /// How many sessions are kept (for tests and a status page).
    public var count: Int { locked { records.count } }

    // MARK: Inside the lock

    /// The live record the cookie names; expired ones met on the way are dropped.
    private func live(_ cookieHeader: String?, now: Date) throws -> (String, Record)? {
        for value in SessionCookie.values(named: policy.cookieName, in: cookieHeader) where SessionToken.isWellFormed(value) {
            let key = try SessionToken.storageKey(String(value))
            guard let record = records[key] else { continue }
            if isExpired(record, now: now) {
                records[key] = nil
                if let name = record.operatorName { log(.sessionEnded(operatorName: name, reason: "expired")) }
                continue
            }
            return (key, record)
        }
        return nil
    }

    private func isExpired(_ record: Record, now: Date) -> Bool {
        let idle = record.operatorName == nil ? policy.preLoginTimeout : policy.idleTimeout
        let absolute = record.operatorName == nil ? policy.preLoginTimeout : policy.absoluteTimeout
        return now.timeIntervalSince(record.lastSeen) >= idle || now.timeIntervalSince(record.createdAt) >= absolute
    }

    /// Stores a record, making room first when the limit is reached.
    private func insert(_ record: Record, token: String, now: Date) throws {
        if records.count >= policy.maximumSessions {
            records = records.filter { !isExpired($0.value, now: now) }
        }
        while records.count >= max(1, policy.maximumSessions) {
            let victim = records.min { a, b in
                let (aPre, bPre) = (a.value.operatorName == nil, b.value.operatorName == nil)
                return aPre != bPre ? aPre : a.value.lastSeen < b.value.lastSeen
            }
            guard let victim else { break }
            records[victim.key] = nil
        }
        records[try SessionToken.storageKey(token)] = record
    }

    private func view(_ record: Record, role: OperatorRole?) -> PortalSession {
        let limit = record.operatorName == nil ? policy.preLoginTimeout : policy.absoluteTimeout
        return PortalSession(operatorName: record.operatorName, role: role, csrfToken: record.csrfToken,
                             expiresAt: record.createdAt.addingTimeInterval(limit))
    }

    /// A client address fit for a log line and a throttle key: hex digits, `.`, `:`, and at most
    /// 64 of them; anything else becomes `?`.
    static func loggable(_ address: String) -> String {
        let kept = address.prefix(64).map { character -> Character in
            character.isHexDigit || character == "." || character == ":" ? character : "?"
        }
        return kept.isEmpty ? "?" : String(kept)
    }
}
