import Foundation
import Operators
import Provisioning
import Testing
@testable import PortalSessions

@Suite struct LoginTests {
    @Test func theLoginFormGetsAPreLoginSessionWithAStrictHttpOnlyCookie() throws {
        let fixture = try SessionFixture()
        let form = try fixture.manager.loginForm(cookieHeader: nil)
        let setCookie = try #require(form.setCookie)
        #expect(setCookie.hasPrefix("provision-session="))
        #expect(setCookie.hasSuffix("; Path=/; Max-Age=900; HttpOnly; SameSite=Strict"))
        #expect(!setCookie.contains("Secure"))
        #expect(!form.session.isSignedIn)
        #expect(form.session.csrfToken.count == 43)
        // The same browser coming back keeps its session.
        let again = try fixture.manager.loginForm(cookieHeader: fixture.cookie(setCookie))
        #expect(again.setCookie == nil)
        #expect(again.session.csrfToken == form.session.csrfToken)
    }

    @Test func behindTLSTheCookieIsSecureWithTheHostPrefix() throws {
        var policy = SessionPolicy()
        policy.behindTLS = true
        let fixture = try SessionFixture(policy: policy)
        let form = try fixture.manager.loginForm(cookieHeader: nil)
        let setCookie = try #require(form.setCookie)
        #expect(setCookie.hasPrefix("__Host-provision-session="))
        #expect(setCookie.hasSuffix("; Path=/; Max-Age=900; HttpOnly; SameSite=Strict; Secure"))
        let signedIn = try fixture.signIn()
        #expect(signedIn.cookie?.hasPrefix("__Host-provision-session=") == true)
        #expect(SessionCookie.clear(policy: policy) == "__Host-provision-session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure")
    }

    /// Session fixation: an attacker who plants a pre-login id in the victim's browser gains
    /// nothing, because signing in issues a new id and the planted one ends.
    @Test func signingInIssuesANewIDAndNeverPromotesThePreLoginOne() throws {
        let fixture = try SessionFixture()
        let planted = try fixture.manager.loginForm(cookieHeader: nil)
        let plantedCookie = fixture.cookie(planted.setCookie)
        let result = try fixture.manager.login(cookieHeader: plantedCookie, name: "alice",
                                               password: OperatorPassword(SessionFixture.alicePassword),
                                               csrfToken: planted.session.csrfToken, clientAddress: "192.0.2.7")
        guard case .signedIn(let session, let setCookie) = result else { Issue.record("\(result)"); return }
        let newCookie = try #require(fixture.cookie(setCookie))
        #expect(newCookie != plantedCookie)
        #expect(setCookie.hasSuffix("; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict"))
        #expect(session.csrfToken != planted.session.csrfToken)
        #expect(try fixture.manager.session(cookieHeader: plantedCookie) == nil)
        #expect(try fixture.manager.session(cookieHeader: newCookie)?.operatorName == "alice")
        #expect(try fixture.manager.authorize(cookieHeader: plantedCookie, operation: nil).session == nil)
        #expect(fixture.manager.count == 1)
    }

    @Test func aWrongPasswordAUnknownNameAndADisabledOperatorGetTheSameAnswer() throws {
        let fixture = try SessionFixture()
        try fixture.accounts.add(name: "dora", role: .salesAgent, password: OperatorPassword("Dora-the-Disabled-1"))
        try fixture.accounts.setDisabled(name: "dora", true)
        for (name, password) in [("alice", "wrong-password-123"), ("mallory", SessionFixture.alicePassword),
                                 ("dora", "Dora-the-Disabled-1")] {
            let form = try fixture.manager.loginForm(cookieHeader: nil)
            let result = try fixture.manager.login(cookieHeader: fixture.cookie(form.setCookie), name: name,
                                                   password: OperatorPassword(password),
                                                   csrfToken: form.session.csrfToken, clientAddress: "192.0.2.7")
            guard case .wrongNameOrPassword = result else { Issue.record("\(name): \(result)"); continue }
        }
        #expect(LoginResult.failureMessage == "The name or the password is wrong.")
        #expect(fixture.log.events == [.signInFailed(operatorName: "alice", address: "192.0.2.7"),
                                       .signInFailed(operatorName: nil, address: "192.0.2.7"),
                                       .signInFailed(operatorName: "dora", address: "192.0.2.7")])
    }

    @Test func aLoginWithoutTheFormsCSRFTokenIsRejectedUnchecked() throws {
        let fixture = try SessionFixture()
        let form = try fixture.manager.loginForm(cookieHeader: nil)
        let cookie = fixture.cookie(form.setCookie)
        for (header, token) in [(cookie, "x"), (cookie, ""), (nil, form.session.csrfToken),
                                ("provision-session=" + String(repeating: "A", count: 43), form.session.csrfToken)] {
            let result = try fixture.manager.login(cookieHeader: header, name: "alice",
                                                   password: OperatorPassword(SessionFixture.alicePassword),
                                                   csrfToken: token, clientAddress: "192.0.2.7")
            guard case .csrfRejected = result else { Issue.record("\(String(describing: header)) \(token): \(result)"); continue }
        }
        #expect(fixture.manager.count == 1)
        #expect(!fixture.log.events.contains { if case .signedIn = $0 { return true } else { return false } })
    }

    @Test func signingOutEndsTheSessionAndClearsTheCookie() throws {
        let fixture = try SessionFixture()
        let signedIn = try fixture.signIn()
        #expect(try fixture.manager.logout(cookieHeader: signedIn.cookie, csrfToken: "wrong") == nil)
        #expect(try fixture.manager.session(cookieHeader: signedIn.cookie) != nil)
        let clear = try fixture.manager.logout(cookieHeader: signedIn.cookie, csrfToken: signedIn.session.csrfToken)
        #expect(clear == "provision-session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict")
        #expect(try fixture.manager.session(cookieHeader: signedIn.cookie) == nil)
        #expect(fixture.log.events.last == .signedOut(operatorName: "alice"))
    }
}
