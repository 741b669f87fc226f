import Foundation
import Operators
import Provisioning
import Testing
@testable import PortalSessions

@Suite struct ThrottleTests {
    /// One attempt through the login form.
    static func attempt(_ fixture: SessionFixture, _ name: String, _ password: String,
                        address: String = "192.0.2.7") throws -> LoginResult {
        let form = try fixture.manager.loginForm(cookieHeader: nil)
        return try fixture.manager.login(cookieHeader: fixture.cookie(form.setCookie), name: name,
                                         password: OperatorPassword(password), csrfToken: form.session.csrfToken,
                                         clientAddress: address)
    }

    @Test func fiveFailuresForANameThrottleItEvenWithTheRightPasswordUntilTheWindowPasses() throws {
        let fixture = try SessionFixture()
        for index in 0..<5 {
            fixture.clock.advance(10)
            guard case .wrongNameOrPassword = try Self.attempt(fixture, "ALICE", "wrong-password-\(index)",
                                                               address: "192.0.2.\(index)") else {
                Issue.record("attempt \(index) was not checked"); return
            }
        }
        // From another address too: the name is throttled, and the right password is not checked.
        let throttled = try Self.attempt(fixture, "alice", SessionFixture.alicePassword, address: "198.51.100.1")
        guard case .throttled(let wait) = throttled else { Issue.record("\(throttled)"); return }
        #expect(wait == 15 * 60 - 40)
        // Another name from the same addresses is not affected.
        guard case .signedIn = try Self.attempt(fixture, "hank", SessionFixture.hankPassword, address: "192.0.2.1") else {
            Issue.record("hank was throttled"); return
        }
        fixture.clock.advance(Double(wait))
        guard case .signedIn = try Self.attempt(fixture, "alice", SessionFixture.alicePassword) else {
            Issue.record("alice still throttled after the window"); return
        }
        #expect(fixture.log.events.contains(.signInThrottled(address: "198.51.100.1", retryAfter: wait)))
    }

    /// Attempts at the same moment cannot all pass a check made before any of them failed:
    /// the throttle counts an attempt when it lets it through.
    @Test func simultaneousAttemptsGetNoMoreTriesThanTheLimit() throws {
        let fixture = try SessionFixture(parameters: ScryptParameters(logN: 12, r: 8, p: 1))
        let form = try fixture.manager.loginForm(cookieHeader: nil)
        let cookie = fixture.cookie(form.setCookie), token = form.session.csrfToken
        final class Tally: @unchecked Sendable {
            let lock = NSLock()
            var checked = 0, throttled = 0
        }
        let tally = Tally(), manager = fixture.manager
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            let result = try? manager.login(cookieHeader: cookie, name: "alice", password: OperatorPassword("wrong-password-\(index)"),
                                            csrfToken: token, clientAddress: "192.0.2.9")
            tally.lock.lock()
            defer { tally.lock.unlock() }
            switch result {
            case .wrongNameOrPassword?: tally.checked += 1
            case .throttled?: tally.throttled += 1
            default: break
            }
        }
        #expect(tally.checked == 5)
        #expect(tally.throttled == 11)
    }

    @Test func aSuccessTakesBackItsOwnCountFromTheAddress() {
        var limits = ThrottleLimits()
        limits.perAddress = 2
        var throttle = LoginThrottle(limits: limits)
        let now = Date(timeIntervalSince1970: 0)
        for second in 0..<5 {
            let start = now.addingTimeInterval(Double(second))
            #expect(throttle.begin(name: "alice", address: "192.0.2.1", now: start) == nil)
            throttle.succeeded(name: "alice", address: "192.0.2.1", at: start)
        }
        #expect(throttle.tracked.addresses == 0)
    }

    @Test func aSuccessfulLoginForgetsTheNamesFailures() throws {
        let fixture = try SessionFixture()
        for index in 0..<4 { _ = try Self.attempt(fixture, "alice", "wrong-password-\(index)") }
        guard case .signedIn = try Self.attempt(fixture, "alice", SessionFixture.alicePassword) else { Issue.record("no"); return }
        for index in 0..<4 {
            guard case .wrongNameOrPassword = try Self.attempt(fixture, "alice", "wrong-again-\(index)") else {
                Issue.record("throttled after \(index) new failures"); return
            }
        }
    }

    @Test func twentyFailuresFromOneAddressThrottleEveryNameFromIt() throws {
        let fixture = try SessionFixture()
        for index in 0..<20 {
            guard case .wrongNameOrPassword = try Self.attempt(fixture, "guess\(index)", "wrong-password-1") else {
                Issue.record("attempt \(index) was throttled"); return
            }
        }
        guard case .throttled = try Self.attempt(fixture, "hank", SessionFixture.hankPassword) else {
            Issue.record("the address was not throttled"); return
        }
        guard case .signedIn = try Self.attempt(fixture, "hank", SessionFixture.hankPassword, address: "2001:db8::1") else {
            Issue.record("another address was throttled"); return
        }
    }

    @Test func theThrottleRemembersABoundedNumberOfNamesAndAddresses() {
        var limits = ThrottleLimits()
        limits.maximumTracked = 100
        var throttle = LoginThrottle(limits: limits)
        let start = Date(timeIntervalSince1970: 0)
        for index in 0..<1_000 {
            throttle.recordFailure(name: "name\(index)", address: "10.0.\(index / 256).\(index % 256)",
                                   now: start.addingTimeInterval(Double(index)))
        }
        #expect(throttle.tracked.names <= 100 && throttle.tracked.addresses <= 100)
        // The most recent ones are the ones kept.
        #expect(throttle.retryAfter(name: "name999", address: "x", now: start.addingTimeInterval(1_000)) == nil)
        for _ in 0..<5 { throttle.recordFailure(name: "name999", address: "y", now: start.addingTimeInterval(1_000)) }
        #expect(throttle.retryAfter(name: "name999", address: "z", now: start.addingTimeInterval(1_000)) != nil)
    }

    /// A made-up name is kept by its first 128 characters: a megabyte name costs no more, and
    /// names that differ only after that count as one.
    @Test func hugeNamesAreThrottledByTheirFirst128Characters() {
        var throttle = LoginThrottle(limits: ThrottleLimits())
        let now = Date(timeIntervalSince1970: 0), long = String(repeating: "a", count: 1_000_000)
        for index in 0..<5 { throttle.recordFailure(name: long + "\(index)", address: "10.0.0.\(index)", now: now) }
        #expect(throttle.tracked.names == 1)
        #expect(throttle.retryAfter(name: long + "other", address: "10.0.0.9", now: now) != nil)
        #expect(throttle.retryAfter(name: "alice", address: "10.0.0.9", now: now) == nil)
    }

    @Test func aHostileAddressIsMadeSafeForTheLog() {
        #expect(SessionManager.loggable("192.0.2.7") == "192.0.2.7")
        #expect(SessionManager.loggable("2001:db8::1") == "2001:db8::1")
        #expect(SessionManager.loggable("1.2.3.4\n\u{1B}[31mFAKE") == "1.2.3.4???31?FA?E")
        #expect(SessionManager.loggable("") == "?")
        #expect(SessionManager.loggable(String(repeating: "1", count: 500)).count == 64)
    }
}
