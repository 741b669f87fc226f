import Foundation
import Provisioning
import Testing
@testable import Reports

/// Temporary passwords appear in the credentials sheet and nowhere else.
@Suite struct PasswordLeakTests {
    @Test func passwordsAreOnlyInTheCredentialsSheet() throws {
        let run = SampleRun.applied
        let outputs = ReportFormat.allCases.map { ($0, ReportOutput.memory(name: $0.rawValue)) }
        let fanOut = FanOutSink(outputs.map { makeReportSink(format: $0.0, output: $0.1) })
        let sheet = ReportOutput.memory(name: "credentials")
        let credentials = CredentialsHTML(output: sheet, issuedAt: run.summary.finishedAt)

        // As a run would: outcomes and credentials interleaved.
        try fanOut.begin(run.header)
        for outcome in run.outcomes {
            try fanOut.add(outcome)
            if outcome.passwordIssued, let credential = run.credentials.first(where: { $0.userPrincipalName == outcome.userPrincipalName }) {
                try credentials.add(credential)
            }
        }
        try fanOut.finish(run.summary)
        try credentials.finish()

        let passwords = run.credentials.map { $0.password.reveal() }
        for password in passwords {
            let needle = Array(password.utf8)
            #expect(sheet.bytes.firstRange(of: HTMLText.escape(password).utf8) != nil)
            for (format, output) in outputs {
                #expect(output.bytes.firstRange(of: needle) == nil, "password found in the \(format) report")
                #expect(output.bytes.firstRange(of: Array(HTMLText.escape(password).utf8)) == nil)
            }
        }
    }

    @Test func passwordIsRedactedWhenPrinted() {
        let credential = SampleRun.applied.credentials[0]
        #expect(!String(describing: credential).contains(credential.password.reveal()))
        #expect(!"\(credential.password)".contains(credential.password.reveal()))
    }
}
