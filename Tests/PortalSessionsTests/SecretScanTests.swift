import Foundation
import Operators
import Provisioning
import Testing
@testable import PortalSessions

/// No password, session id or CSRF token reaches the log, and no password the store or an
/// error: every text the session layer produces is scanned.
@Suite struct SecretScanTests {
    @Test func passwordsAndSessionIDsAppearInNoLogStoreOrMessage() throws {
        let fixture = try SessionFixture()
        var secrets = [SessionFixture.alicePassword, SessionFixture.hankPassword, "Typed-Into-The-Name-Field-1"]
        var texts: [String] = []
        // A failure, a password typed into the name field, a success, a CSRF refusal, a sign-out.
        let form = try fixture.manager.loginForm(cookieHeader: nil)
        for (name, password) in [("alice", "wrong-password-123"), ("Typed-Into-The-Name-Field-1", "x")] {
            let result = try fixture.manager.login(cookieHeader: fixture.cookie(form.setCookie), name: name,
                                                   password: OperatorPassword(password), csrfToken: form.session.csrfToken,
                                                   clientAddress: "192.0.2.7")
            texts.append("\(result)")
            secrets.append(password)
        }
        let signedIn = try fixture.signIn()
        secrets += [signedIn.session.csrfToken, form.session.csrfToken]
        secrets += [signedIn.cookie, fixture.cookie(form.setCookie)].compactMap { $0?.split(separator: "=").last.map(String.init) }
        texts.append("\(try fixture.manager.perform(cookieHeader: signedIn.cookie, csrfToken: "bad", operation: nil) { _ in 0 })")
        texts.append("\(try fixture.manager.authorize(cookieHeader: signedIn.cookie, operation: .manageCustomers))")
        _ = try fixture.manager.logout(cookieHeader: signedIn.cookie, csrfToken: signedIn.session.csrfToken)
        do {
            try fixture.accounts.changePassword(name: "alice", to: OperatorPassword("Sh0rt!pw"))
        } catch {
            texts.append("\(error)")
            secrets.append("Sh0rt!pw")
        }
        texts += fixture.log.events.map(\.description)
        texts += try fixture.store.operatorAccounts().map { "\($0) \($0.passwordHash)" }
        #expect(fixture.log.events.count >= 4)
        for secret in secrets where secret.count > 1 {
            for text in texts { #expect(!text.contains(secret), "'\(secret)' in: \(text)") }
        }
    }
}
