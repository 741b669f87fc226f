import Foundation
import Portal
import Provisioning
import Testing

/// Upload a CSV through the server: the multipart form, the Preview (nothing written), Commit of
/// exactly the saved plan, a stale plan refused, the size limit and the CSRF check.
@Suite struct PortalUploadRouteTests {
    typealias Fixture = PortalServerFixture
    static let csv = Array("UserPrincipalName;DisplayName;Licenses\r\nann@contoso.com;Ann <b>;SPE_E3\r\n".utf8)

    func preview(_ browser: Browser, file: [UInt8] = csv, encoding: String = "") throws -> Browser.Response {
        let token = try browser.get("/customers/contoso/uploads").csrfToken()
        return try browser.upload("/customers/contoso/uploads", fields: [("csrf-token", token), ("encoding", encoding)],
                                  fileField: "file", fileName: "C:\\Users\\me\\users.csv", file: file)
    }

    static func commitPath(_ page: Browser.Response) throws -> String {
        let range = try #require(page.body.range(of: #"/customers/contoso/uploads/[0-9a-f]{32}/commit"#, options: .regularExpression))
        return String(page.body[range])
    }

    @Test func previewWritesNothingAndCommitAppliesThePlan() throws {
        let fixture = try Fixture()
        let browser = try fixture.signedIn()
        let page = try preview(browser)
        #expect(page.status == 200, "\(page.body.prefix(600))")
        #expect(page.body.contains("Preview: users.csv"))
        #expect(page.body.contains("Ann &lt;b&gt;"))
        #expect(try !fixture.users().contains { $0.userPrincipalName == "ann@contoso.com" })
        let commit = try Self.commitPath(page)
        #expect(try browser.get(String(commit.dropLast("/commit".count))).status == 200, "the Preview again")
        #expect(try browser.post(commit, ["csrf-token": "wrong"]).status == 403)
        #expect(try !fixture.users().contains { $0.userPrincipalName == "ann@contoso.com" })
        let done = try browser.post(commit, ["csrf-token": try page.csrfToken()])
        #expect(done.status == 200, "\(done.body.prefix(600))")
        #expect(done.body.contains("Licenses updated"))
        #expect(try fixture.users().contains { $0.userPrincipalName == "ann@contoso.com" })
        #expect(done.body.contains(".eml"), "the new user's sheet, once")
        #expect(try browser.post(commit, ["csrf-token": try page.csrfToken()]).status == 404, "committed once")
    }

    @Test func aStalePreviewIsRefusedWithReRunThePreview() throws {
        let fixture = try Fixture()
        let browser = try fixture.signedIn()
        let page = try preview(browser)
        let commit = try Self.commitPath(page)
        // The directory changes meanwhile: a user is deleted through the portal.
        let user = try #require(try fixture.users().first)
        let token = try browser.get("/customers/contoso/users/delete?sel=\(user.objectID)").csrfToken()
        #expect(try browser.post("/customers/contoso/users/delete", ["sel": user.objectID, "csrf-token": token]).status == 200)
        let refused = try browser.post(commit, ["csrf-token": try page.csrfToken()])
        #expect(refused.status == 409)
        #expect(refused.body.contains("Re-run the preview"))
        #expect(try !fixture.users().contains { $0.userPrincipalName == "ann@contoso.com" })
    }

    @Test func aFileOverTheLimitIsRefused() throws {
        let fixture = try Fixture(maxUploadBytes: 64)
        let browser = try fixture.signedIn()
        let big = Self.csv + Array(repeating: UInt8(ascii: "x"), count: 100)
        let page = try preview(browser, file: big)
        #expect(page.status == 413)
        #expect(page.body.contains("larger than the limit"))
        let folder = fixture.folder + "/work/uploads"
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).isEmpty)
        // Past the route's limit the server stops the body itself: 413, and no file is left.
        let huge = try preview(browser, file: Array(repeating: UInt8(ascii: "y"), count: 200_000))
        #expect(huge.status == 413)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).isEmpty)
        // A forged upload without the token writes nothing either.
        let forged = try browser.upload("/customers/contoso/uploads", fields: [("csrf-token", "forged")], fileField: "file",
                                        fileName: "users.csv", file: Self.csv)
        #expect(forged.status == 403)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).isEmpty)
    }

    @Test func aLegacyEncodingIsChosenWithTheSelect() throws {
        let fixture = try Fixture()
        let browser = try fixture.signedIn()
        let latin1 = Array("UserPrincipalName;DisplayName\r\nrene@contoso.com;Ren".utf8) + [0xE9] + Array("\r\n".utf8)
        let page = try preview(browser, file: latin1, encoding: "cp1252")
        #expect(page.status == 200, "\(page.body.prefix(600))")
        #expect(page.body.contains("René"))
        #expect(page.body.contains("(chosen)"))
    }
}
