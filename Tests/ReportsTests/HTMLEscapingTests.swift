import Foundation
import Provisioning
import Testing
@testable import Reports

/// Every value in the HTML pages is escaped, and the pages load nothing from anywhere.
@Suite struct HTMLEscapingTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("Tom & \"Jerry\"", "Tom &amp; &quot;Jerry&quot;"),
        ("O'Brien", "O&#39;Brien"),
        ("&amp;", "&amp;amp;"),
        ("陳大文 <b>", "陳大文 &lt;b&gt;"),
        ("", ""),
    ])
    func escapesTheFiveSpecialCharacters(input: String, expected: String) {
        #expect(HTMLText.escape(input) == expected)
    }

    static let hostile = "<script>alert(\"x\")</script><img src=x onerror=alert(1)>' \" &"

    private func hostileRun() -> SampleRun {
        var run = SampleRun.applied
        let h = Self.hostile
        run.header.batchID = h
        run.header.input = h
        run.outcomes = [UserOutcome(customerID: h, userPrincipalName: h, displayName: h, action: .create,
                                    sources: [SourceLocation(file: h, line: 3)], status: .failed,
                                    added: [LicenseChange(partNumber: h, displayName: h, disabledPlans: [h])],
                                    removed: [LicenseChange(partNumber: h, displayName: h)],
                                    changedAttributes: [h],
                                    errors: [Violation(.invalidInput, h, fix: h, field: h, line: 3, column: 1)])]
        run.summary.products = [ProductTotals(customerID: h, partNumber: h, displayName: h, purchased: 1,
                                              assignedBefore: 1, assignedAfter: 1, shortfall: 2)]
        return run
    }

    private func checkNoMarkupLeaked(_ html: String) {
        let lower = html.lowercased()
        #expect(!lower.contains("<script"))
        #expect(!lower.contains("<img"))
        #expect(lower.contains("&lt;script&gt;"))
        // Self-contained: nothing fetched from anywhere.
        for reference in ["src=", "href=", "@import", "url(", "http://", "https://", "<link", "<iframe", "<object"] {
            #expect(!lower.replacingOccurrences(of: "&lt;img src=x", with: "").contains(reference), "found \(reference)")
        }
    }

    @Test func reportEscapesEveryValue() throws {
        let html = String(decoding: try hostileRun().render(.html), as: UTF8.self)
        checkNoMarkupLeaked(html)
        #expect(html.contains("Content-Security-Policy"))
    }

    @Test func credentialsSheetEscapesEveryValue() throws {
        let output = ReportOutput.memory()
        let sink = CredentialsHTML(output: output, issuedAt: SampleRun.started)
        try sink.add(IssuedCredential(customerID: Self.hostile, userPrincipalName: Self.hostile, displayName: Self.hostile,
                                      password: SampleRun.password("<b>Pass'\"&1</b>")))
        try sink.finish()
        let html = output.text
        checkNoMarkupLeaked(html)
        #expect(html.contains("&lt;b&gt;Pass&#39;&quot;&amp;1&lt;/b&gt;"))
    }

    @Test func pageDeclaresCJKFontsAndPrintRules() throws {
        let html = String(decoding: try SampleRun.applied.render(.html), as: UTF8.self)
        #expect(html.contains("\"Noto Sans CJK TC\""))
        #expect(html.contains("@media print"))
        #expect(html.contains("@page"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
    }
}
