import Foundation
import Operators
import Provisioning
import Testing
@testable import PortalSessions

/// Every change goes through the CSRF check and the permission matrix before it runs.
@Suite struct AuthorizationTests {
    @Test func aChangeWithoutTheSessionsCSRFTokenIsRefusedAndDoesNotRun() throws {
        let fixture = try SessionFixture()
        let signedIn = try fixture.signIn()
        let other = try fixture.signIn()
        var changes = 0
        for token in [nil, "", "not-a-token", other.session.csrfToken, String(signedIn.session.csrfToken.dropLast()) + "A"] {
            let outcome = try fixture.manager.perform(cookieHeader: signedIn.cookie, csrfToken: token,
                                                      operation: .deleteUser) { _ in changes += 1 }
            guard case .refused(.csrfRejected) = outcome else { Issue.record("\(String(describing: token)): \(outcome)"); continue }
        }
        #expect(changes == 0)
        #expect(fixture.log.events.last == .csrfRejected(operatorName: "alice"))
        let done = try fixture.manager.perform(cookieHeader: signedIn.cookie, csrfToken: signedIn.session.csrfToken,
                                               operation: .deleteUser) { session -> String in
            changes += 1
            return session.operatorName ?? ""
        }
        guard case .done("alice") = done else { Issue.record("\(done)"); return }
        #expect(changes == 1)
    }

    @Test func withoutASessionAChangeAsksToSignInAndDoesNotRun() throws {
        let fixture = try SessionFixture()
        let form = try fixture.manager.loginForm(cookieHeader: nil)
        var ran = false
        for cookie in [nil, fixture.cookie(form.setCookie)] {
            let outcome = try fixture.manager.perform(cookieHeader: cookie, csrfToken: form.session.csrfToken,
                                                      operation: .assignLicenses) { _ in ran = true }
            guard case .refused(.signInRequired) = outcome else { Issue.record("\(outcome)"); continue }
        }
        #expect(!ran)
    }

    /// The permission matrix of the CLI (``PermissionMatrix``), for the role the store holds now.
    @Test(arguments: Provisioning.Operation.allCases)
    func aHelpdeskAgentMayDoWhatTheMatrixAllowsAndNothingElse(_ operation: Provisioning.Operation) throws {
        let fixture = try SessionFixture()
        let hank = try fixture.signIn("hank", SessionFixture.hankPassword)
        var ran = false
        let outcome = try fixture.manager.perform(cookieHeader: hank.cookie, csrfToken: hank.session.csrfToken,
                                                  operation: operation) { _ in ran = true }
        let read = try fixture.manager.authorize(cookieHeader: hank.cookie, operation: operation)
        if PermissionMatrix.allows(.helpdeskAgent, operation) {
            guard case .done = outcome, case .allowed = read else { Issue.record("\(operation): \(outcome)"); return }
            #expect(ran)
        } else {
            guard case .refused(.forbidden(let violation)) = outcome, case .forbidden = read else {
                Issue.record("\(operation): \(outcome)"); return
            }
            #expect(violation == PermissionMatrix.check(.helpdeskAgent, operation))
            #expect(violation.code == .permissionDenied)
            #expect(!ran)
        }
    }

    @Test func aRoleChangedInTheStoreAppliesAfterSigningInAgain() throws {
        let fixture = try SessionFixture()
        try fixture.accounts.changeRole(name: "hank", to: .userManagementAdmin)
        let hank = try fixture.signIn("hank", SessionFixture.hankPassword)
        #expect(hank.session.role == .userManagementAdmin)
        guard case .allowed = try fixture.manager.authorize(cookieHeader: hank.cookie, operation: .deleteUser) else {
            Issue.record("user management admin may delete users"); return
        }
    }
}
