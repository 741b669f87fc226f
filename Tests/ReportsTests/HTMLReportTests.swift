import Foundation
import Provisioning
import Testing
@testable import Reports

/// What the "Licenses updated" page and the printable sheet show.
@Suite struct HTMLReportTests {
    private func page(_ run: SampleRun) throws -> String {
        String(decoding: try run.render(.html), as: UTF8.self)
    }

    @Test func cardsCountCreatedUpdatedUnchangedFailedSkipped() throws {
        let html = try page(SampleRun.applied)
        for (kind, number, label) in [("created", 2, "Created"), ("updated", 4, "Updated"), ("unchanged", 1, "Unchanged"),
                                      ("failed", 2, "Failed"), ("skipped", 1, "Skipped")] {
            #expect(html.contains("<div class=\"card \(kind) some\"><div class=\"number\">\(number)</div><div class=\"label\">\(label)</div>"))
        }
        #expect(!html.contains("PREVIEW"))
        #expect(html.contains("<span class=\"mark attention\">!</span><h1>Licenses updated</h1>"))
    }

    @Test func shortfallsAreHighlightedWithWhatToBuy() throws {
        let html = try page(SampleRun.applied)
        let rows = html.components(separatedBy: "\n").filter { $0.hasPrefix("<tr") && $0.contains("<td class=\"number\">") }
        #expect(rows.count == 5)
        #expect(rows.filter { $0.hasPrefix("<tr class=\"short\">") }.count == 2)
        #expect(rows.contains { $0.contains("SPE_E3") && $0.contains("<span class=\"buy\">Buy 3 more</span>") })
        #expect(rows.contains { $0.contains("VISIOCLIENT") && $0.contains("<span class=\"buy\">Buy 1 more</span>") })
    }

    @Test func previewSaysNothingWasChanged() throws {
        let html = try page(SampleRun.preview)
        #expect(html.contains("<p class=\"banner\">PREVIEW — nothing was changed</p>"))
        #expect(html.contains("<h1>Preview: licenses to update</h1>"))
        #expect(html.contains("<div class=\"label\">To create</div>"))
    }

    @Test func errorsShowTheirCodeFixAndPlace() throws {
        let html = try page(SampleRun.applied)
        #expect(html.contains("<span class=\"code\">CountViolation</span> Not enough seats"))
        #expect(html.contains("<div class=\"fix\"><strong>Fix:</strong> Buy 3 more seats of Microsoft 365 E3 (SPE_E3)</div>"))
        #expect(html.contains("<div class=\"place\">line 4, field Licenses</div>"))
        #expect(html.contains("<div class=\"problem warning\"><span class=\"code\">CountViolation</span> Visio Plan 2"))
        #expect(html.contains(ReportVocabulary.skippedNote))
    }

    @Test func credentialCardsDoNotBreakAcrossPagesAndPasswordsDoNotWrap() throws {
        let output = ReportOutput.memory()
        let sheet = CredentialsHTML(output: output, issuedAt: SampleRun.started)
        for credential in SampleRun.applied.credentials { try sheet.add(credential) }
        try sheet.finish()
        let html = output.text
        #expect(html.components(separatedBy: "<article class=\"credential\">").count == 4)
        #expect(html.contains(".credential { break-inside: avoid; }"))
        #expect(html.contains("white-space: nowrap; font-family"))
        #expect(html.contains("Change this password when you first sign in."))
        #expect(html.contains("<meta name=\"robots\" content=\"noindex\">"))
    }
}
