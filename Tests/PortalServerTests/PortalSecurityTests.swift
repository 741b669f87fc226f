import Foundation
import Portal
import PortalSessions
import Provisioning
import Testing

/// The portal through real sockets: sign-in, sessions, CSRF, roles, traversal, escaping and
/// secrets (issue 15's security list).
@Suite struct PortalSecurityTests {
    typealias Fixture = PortalServerFixture

    @Test func loginSetsAnHttpOnlyStrictCookieAndOpensTheCustomers() throws {
        let fixture = try Fixture()
        let browser = fixture.browser()
        let form = try browser.get("/login")
        #expect(form.status == 200)
        #expect(form.body.contains("<h1>Sign in</h1>"))
        #expect(!form.body.contains("Sign out"))
        let signIn = try browser.post("/login", ["name": "alice", "password": Fixture.alicePassword,
                                                 "csrf-token": try form.csrfToken()])
        #expect(signIn.status == 303)
        #expect(signIn.header("Location") == PortalPaths.customers)
        let cookie = try #require(signIn.header("Set-Cookie"))
        #expect(cookie.hasPrefix("provision-session="))
        #expect(cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Strict") && cookie.contains("; Path=/"))
        let customers = try browser.get(PortalPaths.customers)
        #expect(customers.status == 200)
        #expect(customers.body.contains("Contoso") && customers.body.contains("Fabrikam"))
        #expect(customers.header("Content-Security-Policy") == PageLayout.contentSecurityPolicy)
        #expect(customers.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
        #expect(customers.header("X-Content-Type-Options") == "nosniff")
        #expect(customers.header("Cache-Control") == "no-store")
        #expect(customers.header("Referrer-Policy") == "same-origin")
        #expect(customers.header("Content-Type") == "text/html; charset=utf-8")
        let css = try browser.get(PortalPaths.styleSheet)
        #expect(css.status == 200 && css.header("Content-Type") == "text/css; charset=utf-8")
        #expect(css.body == PortalStyleSheet.css)
    }

    @Test func aWrongPasswordAndAnUnknownNameGetTheSameAnswerThenTheThrottle() throws {
        let fixture = try Fixture()
        let browser = fixture.browser()
        var answers: [String] = []
        for (name, password) in [("alice", "Wrong-Password-123"), ("nobody", "Wrong-Password-123")] {
            let form = try browser.get("/login")
            let failed = try browser.post("/login", ["name": name, "password": password, "csrf-token": try form.csrfToken()])
            #expect(failed.status == 200)
            #expect(failed.header("Set-Cookie")?.contains("HttpOnly") != false)
            answers.append(failed.body.replacingOccurrences(of: name, with: "NAME")
                .replacingOccurrences(of: #"value="[A-Za-z0-9_-]{43}""#, with: "TOKEN", options: .regularExpression))
        }
        #expect(answers[0] == answers[1])
        #expect(answers[0].contains(LoginResult.failureMessage))
        var last = 0
        for _ in 0..<6 {
            let form = try browser.get("/login")
            last = try browser.post("/login", ["name": "alice", "password": "Wrong-Password-123",
                                               "csrf-token": try form.csrfToken()]).status
        }
        #expect(last == 429)
        let form = try browser.get("/login")
        let throttled = try browser.post("/login", ["name": "alice", "password": Fixture.alicePassword,
                                                    "csrf-token": try form.csrfToken()])
        #expect(throttled.status == 429)
        #expect(throttled.header("Retry-After") != nil)
        #expect(!fixture.log.all.contains("Wrong-Password-123"))
    }

    @Test func aPageWithoutASessionRedirectsToTheLogin() throws {
        let fixture = try Fixture()
        let browser = fixture.browser()
        for target in ["/customers", "/customers/contoso/users", "/customers/contoso/audit", "/customers/contoso/uploads"] {
            let page = try browser.get(target)
            #expect(page.status == 303, "\(target)")
            #expect(page.header("Location") == "/login")
        }
        let before = try fixture.users().count
        let user = try #require(try fixture.users().first)
        let post = try browser.post("/customers/contoso/users/delete", ["sel": user.objectID, "csrf-token": "x"])
        #expect(post.status == 303 && post.header("Location") == "/login")
        #expect(try fixture.users().count == before)
    }

    @Test func aPreLoginCookieIsNotASessionAfterTheLogin() throws {
        let fixture = try Fixture()
        let browser = fixture.browser()
        let form = try browser.get("/login")
        let planted = try #require(browser.cookies["provision-session"])
        _ = try browser.post("/login", ["name": "alice", "password": Fixture.alicePassword, "csrf-token": try form.csrfToken()])
        let issued = try #require(browser.cookies["provision-session"])
        #expect(issued != planted)
        #expect(try browser.get("/customers").status == 200)
        let attacker = fixture.browser()
        attacker.cookies["provision-session"] = planted
        let page = try attacker.get("/customers")
        #expect(page.status == 303 && page.header("Location") == "/login")
    }

    @Test func aMissingOrWrongCSRFTokenIs403AndChangesNothing() throws {
        let fixture = try Fixture()
        let browser = try fixture.signedIn()
        let user = try #require(try fixture.users().first)
        let before = try fixture.users()
        let missing = try browser.post("/customers/contoso/users/delete", ["sel": user.objectID])
        #expect(missing.status == 403)
        let wrong = try browser.post("/customers/contoso/users/delete", ["sel": user.objectID, "csrf-token": "A" + String(repeating: "b", count: 42)])
        #expect(wrong.status == 403)
        let reset = try browser.post("/customers/contoso/users/\(user.objectID)/reset-password", ["csrf-token": ""])
        #expect(reset.status == 403)
        let logout = try browser.post("/logout", ["csrf-token": "nope"])
        #expect(logout.status == 403)
        #expect(try fixture.users().map(\.objectID) == before.map(\.objectID))
        #expect(try browser.get("/customers").status == 200, "still signed in")
    }

    @Test func aHelpdeskOperatorCannotDeleteWhileAnAdminCan() throws {
        let fixture = try Fixture()
        let user = try #require(try fixture.users().first)
        let before = try fixture.users().count
        let hank = try fixture.signedIn("hank", Fixture.hankPassword)
        let page = try hank.get("/customers/contoso/users")
        #expect(page.status == 200)
        #expect(try hank.get("/customers/contoso/users/delete?sel=\(user.objectID)").status == 403)
        let refused = try hank.post("/customers/contoso/users/delete", ["sel": user.objectID, "csrf-token": try page.csrfToken()])
        #expect(refused.status == 403)
        #expect(try fixture.users().count == before)
        let alice = try fixture.signedIn()
        let token = try alice.get("/customers/contoso/users/delete?sel=\(user.objectID)").csrfToken()
        let deleted = try alice.post("/customers/contoso/users/delete", ["sel": user.objectID, "csrf-token": token])
        #expect(deleted.status == 200, "\(deleted.body.prefix(500))")
        #expect(try fixture.users().count == before - 1)
        #expect(try !fixture.users().contains { $0.objectID == user.objectID })
    }

    @Test(arguments: ["/customers/..%2F..%2Fetc/users", "/customers/contoso/../../etc/passwd", "/assets/..%2Fportal.css",
                      "/customers/contoso/credentials/..%2F..%2Fprovision.sqlite", "/customers/%2E%2E/users",
                      "/customers/nobody/users", "/customers/contoso/users/00000000-0000-0000-0000-000000000000/reset-password",
                      "/customers/contoso/uploads/..", "/customers/contoso/credentials/0123.eml"])
    func pathTraversalAndUnknownThingsAre404(_ target: String) throws {
        let fixture = try Fixture()
        let browser = try fixture.signedIn()
        let response = try browser.get(target)
        #expect(response.status == 404, "\(target): \(response.status)")
        #expect(!response.body.contains("SQLite"))
    }

    @Test func scriptInADisplayNameIsEscapedOnTheUsersPage() throws {
        let fixture = try Fixture()
        let browser = try fixture.signedIn()
        let page = try browser.get("/customers/contoso/users")
        #expect(page.status == 200)
        #expect(page.body.contains("User 1 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(!page.body.contains("<script"))
    }

    @Test func noPasswordInTheLogThePagesOrTheStoreAndTheSheetDownloadsOnce() throws {
        let fixture = try Fixture()
        let browser = try fixture.signedIn()
        let form = try browser.get("/customers/contoso/users/new")
        #expect(form.status == 200)
        let created = try browser.post("/customers/contoso/users/new", pairs: [
            ("csrf-token", try form.csrfToken()), ("userName", "newbie"), ("domain", "contoso.com"), ("firstName", "New"),
            ("lastName", "Bie"), ("displayName", "New Bie"), ("location", "TW"), ("license", "SPE_E3")])
        #expect(created.status == 200, "\(created.body.prefix(800))")
        let range = try #require(created.body.range(of: #"<span class="password">[^<]+</span>"#, options: .regularExpression))
        let password = String(created.body[range].dropFirst(#"<span class="password">"#.count).dropLast("</span>".count))
        #expect(password.count >= 8)
        let link = try #require(created.body.range(of: #"/customers/contoso/credentials/[0-9a-f]{32}\.eml"#,
                                                   options: .regularExpression).map { String(created.body[$0]) })
        let sheet = try browser.get(link)
        #expect(sheet.status == 200)
        #expect(sheet.header("Content-Type") == "message/rfc822")
        #expect(sheet.header("Cache-Control") == "no-store")
        #expect(try browser.get(link).status == 404, "downloaded once, then gone")
        let other = try fixture.signedIn("hank", Fixture.hankPassword)
        #expect(try other.get(link).status == 404)
        var pages = ""
        for target in ["/customers", "/customers/contoso/users", "/customers/contoso/audit", "/customers/contoso/users/deleted"] {
            pages += try browser.get(target).body
        }
        let log = fixture.log.all
        let store = fixture.storeBytes()
        for secret in [password, Fixture.alicePassword, Fixture.hankPassword] {
            #expect(!log.contains(secret))
            #expect(!pages.contains(secret))
            #expect(!store.contains(secret))
        }
        #expect(log.contains("POST /login 303") && log.contains("GET /customers 200"), "\(log)")
        #expect(log.contains("portal: sign-in: operator alice"))
        #expect(!log.contains("127.0.0.1") && !log.contains("csrf"))
    }

    @Test func signingOutEndsTheSession() throws {
        let fixture = try Fixture()
        let browser = try fixture.signedIn()
        let page = try browser.get("/customers")
        let out = try browser.post("/logout", ["csrf-token": try page.csrfToken()])
        #expect(out.status == 303 && out.header("Location") == "/login")
        #expect(out.header("Set-Cookie")?.contains("Max-Age=0") == true)
        #expect(try browser.get("/customers").header("Location") == "/login")
    }

    @Test func healthAndTheRootStillAnswer() throws {
        let fixture = try Fixture()
        let browser = fixture.browser()
        #expect(try browser.get("/health").body == "status: ok\nclient: 127.0.0.1\nscheme: http\n")
        let root = try browser.get("/")
        #expect(root.status == 303 && root.header("Location") == "/customers")
    }
}
