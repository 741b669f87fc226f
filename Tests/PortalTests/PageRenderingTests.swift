import Foundation
import Testing
import Provisioning
@testable import Portal

@Suite struct PageRenderingTests {
    @Test func everyPageEscapesScriptAndQuotesInEveryField() throws {
        let fixture = try PortalFixture()
        let pages = try AllPages.render(fixture)
        #expect(pages.count == 23)
        for (name, html) in pages {
            #expect(!html.lowercased().contains("<script"), "\(name): an unescaped <script>")
            #expect(!html.contains("x'y"), "\(name): an unescaped quote")
            #expect(!html.contains("\"x"), "\(name): an unescaped double quote")
            #expect(html.contains("&lt;script&gt;"), "\(name): the hostile value is not on the page")
        }
    }

    @Test func everyPageIsWellFormedAndEveryInputLabelled() throws {
        let fixture = try PortalFixture()
        for (name, html) in try AllPages.render(fixture) {
            let problems = HTMLChecker.problems(html)
            #expect(problems.isEmpty, "\(name): \(problems)")
        }
    }

    @Test func everyPageUsesTheLayoutWithItsSkipLinkAndOneStylesheet() throws {
        let fixture = try PortalFixture()
        for (name, html) in try AllPages.render(fixture) {
            #expect(html.hasPrefix("<!DOCTYPE html>"), "\(name)")
            #expect(html.components(separatedBy: "<!DOCTYPE").count == 2, "\(name): a second document inside")
            #expect(html.contains("<a class=\"skip\" href=\"#main\">"), "\(name)")
            #expect(html.contains("<main id=\"main\""), "\(name)")
            let links = HTMLChecker.tags(html).filter { $0.name == "link" }
            #expect(links.count == 1 && links.first?.attributes["href"] == PortalPaths.styleSheet, "\(name)")
            // The skip link comes before the navigation: the keyboard reaches it first.
            let skip = html.range(of: "class=\"skip\"")?.lowerBound, nav = html.range(of: "<nav")?.lowerBound
            #expect(skip != nil && nav != nil && skip! < nav!, "\(name)")
        }
    }

    @Test func everyPostFormCarriesTheCSRFField() throws {
        let fixture = try PortalFixture()
        let escapedToken = "tok&quot;&gt;&lt;script&gt;x&lt;/script&gt;"
        var forms = 0
        for (name, html) in try AllPages.render(fixture) {
            for form in HTMLChecker.postForms(html) {
                forms += 1
                #expect(form.contains("<input type=\"hidden\" name=\"csrf-token\" value=\"\(escapedToken)\">"), "\(name): \(form.prefix(120))")
            }
            // GET forms never carry the token (it would end up in URLs and logs).
            for form in html.components(separatedBy: "<form ").dropFirst() where form.hasPrefix("method=\"get\"") {
                #expect(!form.components(separatedBy: "</form>")[0].contains("name=\"csrf-token\""), "\(name)")
            }
        }
        #expect(forms >= 20)
    }

    @Test func styleSheetHoldsTheReportsCSSAndThePortalsAndNoRemoteAddress() {
        #expect(PortalStyleSheet.css.contains(".card .number"))
        #expect(PortalStyleSheet.css.contains(".tri.some"))
        #expect(!PortalStyleSheet.css.contains("url("))
        #expect(!PortalStyleSheet.css.contains("@import"))
        #expect(PageLayout.contentSecurityPolicy.contains("default-src 'none'"))
        #expect(PageLayout.contentSecurityPolicy.contains("style-src 'self'"))
        #expect(!PageLayout.contentSecurityPolicy.contains("unsafe-inline"))
    }

    @Test func embeddedReportHasNoDocumentFrameAndNoInlineStyle() throws {
        let fixture = try PortalFixture()
        try fixture.addUsers(1)
        let result = try fixture.run([UserRequest(action: .update, userPrincipalName: "user001@contoso.com",
                                                  addLicenses: [LicenseRequest(product: "SPE_E3")])])
        #expect(result.reportHTML.hasPrefix("<div class=\"report\">"))
        #expect(!result.reportHTML.contains("<style"))
        #expect(!result.reportHTML.contains("<!DOCTYPE"))
        #expect(result.reportHTML.contains("Licenses updated"))
        #expect(HTMLChecker.problems(result.reportHTML).isEmpty, "\(HTMLChecker.problems(result.reportHTML))")
    }

    @Test func previewReportSpeaksInTheFutureTense() throws {
        let fixture = try PortalFixture()
        try fixture.addUsers(1)
        let result = try PortalJob.run([UserRequest(action: .update, userPrincipalName: "user001@contoso.com",
                                                    addLicenses: [LicenseRequest(product: "SPE_E3")])],
                                       customerID: "contoso", command: "users.csv", directory: fixture.store,
                                       settings: fixture.settings(), preview: true)
        #expect(result.reportHTML.contains("will add"))
        #expect(result.reportHTML.contains("nothing was changed"))
        #expect(try fixture.user("user001@contoso.com").licenses.isEmpty)
    }
}

@Suite struct HTMLCheckerTests {
    @Test(arguments: [
        "<div><p>x</div></p>", "<div>", "<input type=\"text\" name=\"a\">", "<p style=\"color:red\">x</p>",
        "<script>x</script>", "<a href=\"https://cdn.example/x\">x</a>", "<b id=\"a\"></b><i id=\"a\"></i>",
        "<label for=\"nope\">x</label>", "<button onclick=\"x()\">x</button>", "<a href=\"#nowhere\">x</a>",
        "<p aria-describedby=\"gone\">x</p>",
    ])
    func checkerCatchesWhatThePagesMustNotDo(html: String) {
        #expect(!HTMLChecker.problems(html).isEmpty)
    }

    @Test func checkerPassesALabelledForm() {
        let html = "<form><label for=\"f-a\">A</label><input type=\"text\" id=\"f-a\" name=\"a\"><input type=\"hidden\" name=\"csrf-token\" value=\"t\"></form>"
        #expect(HTMLChecker.problems(html).isEmpty)
    }
}
