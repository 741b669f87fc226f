import DirectoryConformance
import Foundation
import Operators
import Provisioning
@testable import PortalSessions

/// A clock the test moves.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_793_491_200)
    var now: Date { lock.lock(); defer { lock.unlock() }; return current }
    func advance(_ seconds: TimeInterval) { lock.lock(); current += seconds; lock.unlock() }
}

/// Collects session events.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [SessionEvent] = []
    func append(_ event: SessionEvent) { lock.lock(); collected.append(event); lock.unlock() }
    var events: [SessionEvent] { lock.lock(); defer { lock.unlock() }; return collected }
}

/// Operators `alice` (global admin) and `hank` (helpdesk agent) with cheap hashes, and a
/// session manager with a seeded random source, a test clock and a collected log.
struct SessionFixture {
    static let alicePassword = "Correct-Horse-Battery-9"
    static let hankPassword = "Helpdesk-Hank-Password"
    let store = InMemoryOperatorStore()
    let clock = TestClock()
    let log = EventLog()
    let accounts: OperatorAccounts
    let manager: SessionManager

    init(policy: SessionPolicy = SessionPolicy(), parameters: ScryptParameters = ScryptParameters(logN: 4, r: 8, p: 1)) throws {
        let clock = self.clock, log = self.log
        accounts = OperatorAccounts(store: store, parameters: parameters,
                                    random: RandomSource(SplitMix64(seed: 11)), clock: { clock.now })
        try accounts.add(name: "alice", role: .globalAdmin, password: OperatorPassword(Self.alicePassword))
        try accounts.add(name: "hank", role: .helpdeskAgent, password: OperatorPassword(Self.hankPassword))
        manager = SessionManager(accounts: accounts, policy: policy, random: RandomSource(SplitMix64(seed: 12)),
                                 clock: { clock.now }, log: { log.append($0) })
    }

    /// The `Cookie` header a browser sends back for a `Set-Cookie` value.
    func cookie(_ setCookie: String?) -> String? {
        setCookie.map { String($0.prefix { $0 != ";" }) }
    }

    /// Opens the login form and signs in.
    /// - Returns: the cookie header after the login, the session, and the pre-login cookie.
    func signIn(_ name: String = "alice", _ password: String = alicePassword, address: String = "192.0.2.7") throws
        -> (cookie: String?, session: PortalSession, preLogin: String?) {
        let form = try manager.loginForm(cookieHeader: nil)
        let preLogin = cookie(form.setCookie)
        let result = try manager.login(cookieHeader: preLogin, name: name, password: OperatorPassword(password),
                                       csrfToken: form.session.csrfToken, clientAddress: address)
        guard case .signedIn(let session, let setCookie) = result else {
            throw SignInFailed(result: "\(result)")
        }
        return (cookie(setCookie), session, preLogin)
    }

    struct SignInFailed: Error { var result: String }
}
