import Foundation
import Operators
import Provisioning
import Testing
@testable import PortalSessions

@Suite struct SessionLifetimeTests {
    @Test func aSessionUnusedForThirtyMinutesEnds() throws {
        let fixture = try SessionFixture()
        let signedIn = try fixture.signIn()
        fixture.clock.advance(29 * 60)
        #expect(try fixture.manager.session(cookieHeader: signedIn.cookie) != nil)
        fixture.clock.advance(29 * 60)
        #expect(try fixture.manager.session(cookieHeader: signedIn.cookie) != nil, "each use restarts the idle time")
        fixture.clock.advance(30 * 60)
        #expect(try fixture.manager.session(cookieHeader: signedIn.cookie) == nil)
        #expect(fixture.log.events.last == .sessionEnded(operatorName: "alice", reason: "expired"))
        #expect(fixture.manager.count == 0)
    }

    @Test func aSessionEndsEightHoursAfterSignInHoweverBusy() throws {
        let fixture = try SessionFixture()
        let signedIn = try fixture.signIn()
        #expect(signedIn.session.expiresAt == fixture.clock.now.addingTimeInterval(8 * 3600))
        for _ in 0..<(8 * 4 - 1) {
            fixture.clock.advance(15 * 60)
            #expect(try fixture.manager.session(cookieHeader: signedIn.cookie) != nil)
        }
        fixture.clock.advance(15 * 60)
        #expect(try fixture.manager.session(cookieHeader: signedIn.cookie) == nil)
    }

    @Test func aPreLoginSessionLastsFifteenMinutes() throws {
        let fixture = try SessionFixture()
        let form = try fixture.manager.loginForm(cookieHeader: nil)
        fixture.clock.advance(15 * 60)
        let result = try fixture.manager.login(cookieHeader: fixture.cookie(form.setCookie), name: "alice",
                                               password: OperatorPassword(SessionFixture.alicePassword),
                                               csrfToken: form.session.csrfToken, clientAddress: "192.0.2.7")
        guard case .csrfRejected = result else { Issue.record("\(result)"); return }
    }

    @Test(arguments: ["removed", "disabled", "password changed", "role changed"])
    func aChangedOperatorsSessionEndsAtItsNextRequest(_ change: String) throws {
        let fixture = try SessionFixture()
        let signedIn = try fixture.signIn("hank", SessionFixture.hankPassword)
        #expect(try fixture.manager.session(cookieHeader: signedIn.cookie)?.role == .helpdeskAgent)
        fixture.clock.advance(1)
        switch change {
        case "removed": try fixture.accounts.remove(name: "hank")
        case "disabled": try fixture.accounts.setDisabled(name: "hank", true)
        case "password changed": try fixture.accounts.changePassword(name: "hank", to: OperatorPassword("a new long password"))
        default: try fixture.accounts.changeRole(name: "hank", to: .globalAdmin)
        }
        #expect(try fixture.manager.session(cookieHeader: signedIn.cookie) == nil)
        #expect(fixture.manager.count == 0)
    }

    @Test func theNumberOfSessionsIsBoundedAndPreLoginOnesGoFirst() throws {
        var policy = SessionPolicy()
        policy.maximumSessions = 3
        let fixture = try SessionFixture(policy: policy)
        let signedIn = try fixture.signIn()
        for _ in 0..<10 {
            fixture.clock.advance(1)
            _ = try fixture.manager.loginForm(cookieHeader: nil)
        }
        #expect(fixture.manager.count == 3)
        #expect(try fixture.manager.session(cookieHeader: signedIn.cookie)?.operatorName == "alice")
    }

    @Test func sessionIDsAreLongRandomAndStoredOnlyAsTheirHash() throws {
        let fixture = try SessionFixture()
        let first = try fixture.signIn(), second = try fixture.signIn()
        let ids = [first.cookie, second.cookie].compactMap { $0?.split(separator: "=", maxSplits: 1).last.map(String.init) }
        #expect(ids.count == 2 && ids[0] != ids[1])
        for id in ids {
            #expect(id.count == 43) // 32 bytes: 256 bits
            #expect(!fixture.manager.records.keys.contains(id))
            #expect(fixture.manager.records.keys.contains(try SessionToken.storageKey(id)))
            #expect(!fixture.manager.records.values.contains { $0.csrfToken == id })
        }
        #expect(try SessionToken.storageKey("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SessionToken.encode([0xFB, 0xFF]) == "-_8")
    }

    @Test func cookiesAreFoundAmongOthersQuotedOrRepeated() throws {
        #expect(SessionCookie.values(named: "provision-session", in: "a=1; provision-session=XYZ;b=2") == ["XYZ"])
        #expect(SessionCookie.values(named: "provision-session", in: " provision-session=\"Q\" ; provision-session=R") == ["Q", "R"])
        #expect(SessionCookie.values(named: "provision-session", in: "xprovision-session=1; provision-sessionx=2") == [])
        #expect(SessionCookie.values(named: "provision-session", in: nil) == [])
        // A browser holding a stale cookie beside the live one still gets in.
        let fixture = try SessionFixture()
        let signedIn = try fixture.signIn()
        let header = "provision-session=" + String(repeating: "B", count: 43) + "; " + (signedIn.cookie ?? "")
        #expect(try fixture.manager.session(cookieHeader: header)?.operatorName == "alice")
        #expect(try fixture.manager.session(cookieHeader: "provision-session=../../etc") == nil)
    }
}
