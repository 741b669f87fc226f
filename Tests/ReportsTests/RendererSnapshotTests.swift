import Foundation
import Provisioning
import Testing
@testable import Reports

/// Each renderer's output for the fixed sample runs, byte for byte.
@Suite struct RendererSnapshotTests {
    @Test(arguments: [
        ("report.txt", ReportFormat.text, false),
        ("report-color.txt", ReportFormat.text, true),
        ("report.csv", ReportFormat.csv, false),
        ("report.json", ReportFormat.json, false),
        ("report.html", ReportFormat.html, false),
    ])
    func appliedRunMatchesSnapshot(name: String, format: ReportFormat, color: Bool) throws {
        try Snapshot.check(SampleRun.applied.render(format, color: color), named: name)
    }

    @Test(arguments: [
        ("preview.txt", ReportFormat.text),
        ("preview.json", ReportFormat.json),
        ("preview.html", ReportFormat.html),
    ])
    func previewMatchesSnapshot(name: String, format: ReportFormat) throws {
        try Snapshot.check(SampleRun.preview.render(format), named: name)
    }

    @Test func credentialSheetsMatchSnapshots() throws {
        let date = SampleRun.started
        let html = ReportOutput.memory()
        let csv = ReportOutput.memory()
        let mail = ReportOutput.memory()
        let message = try CredentialsMessage(output: mail, recipient: MailAddress("Helpdesk 台北 <helpdesk@contoso.com>"),
                                             date: date, random: RandomSource(SeededRandom(state: 7)))
        let sinks: [any CredentialSink] = [CredentialsHTML(output: html, issuedAt: date), CredentialsCSV(output: csv), message]
        for sink in sinks {
            for credential in SampleRun.applied.credentials { try sink.add(credential) }
            try sink.finish()
        }
        try Snapshot.check(html.bytes, named: "credentials.html")
        try Snapshot.check(csv.bytes, named: "credentials.csv")
        try Snapshot.check(mail.bytes, named: "credentials.eml")
    }

    @Test func emptyRunStillMakesCompleteDocuments() throws {
        let run = SampleRun(header: SampleRun.applied.header, outcomes: [],
                            summary: RunSummary(counts: [:], created: 0, products: [], finishedAt: SampleRun.started),
                            credentials: [])
        try Snapshot.check(run.render(.json), named: "empty.json")
        let html = String(decoding: try run.render(.html), as: UTF8.self)
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.contains("No licenses were involved."))
    }
}
