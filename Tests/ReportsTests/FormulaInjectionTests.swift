import Foundation
import Provisioning
import Testing
@testable import Reports

/// Cells that a spreadsheet would run as formulas are neutralised in the CSV report and in
/// the credentials CSV.
@Suite struct FormulaInjectionTests {
    static let payloads = ["=cmd|'/c calc'!A1", "@SUM(1+1)", "+1+1", "-2+3", "\t=1+1", "\r=1+1", "＝1+1"]

    private static func isDangerous(_ cell: String) -> Bool {
        guard let first = cell.unicodeScalars.first else { return false }
        return ["=", "@", "+", "-", "\t", "\r", "\n", "\u{FF1D}"].contains(first)
    }

    @Test(arguments: payloads)
    func reportCellsAreNeutralised(payload: String) throws {
        let outcome = UserOutcome(customerID: payload, userPrincipalName: "x@contoso.com", displayName: payload,
                                  action: .update, sources: [SourceLocation(file: "in.csv", line: 2)], status: .failed,
                                  added: [LicenseChange(partNumber: payload, displayName: payload, disabledPlans: [payload])],
                                  errors: [Violation(.invalidInput, payload, fix: payload)])
        var run = SampleRun.applied
        run.outcomes = [outcome]
        run.header.inputSummary = nil   // the user's rows only
        let rows = SimpleCSV.parse(try run.render(.csv))
        #expect(rows.count == 3)
        for row in rows.dropFirst() {
            for cell in row { #expect(!Self.isDangerous(cell), "cell \(cell.debugDescription) would run in Excel") }
            #expect(row.contains("'" + payload))
        }
    }

    @Test(arguments: payloads)
    func credentialCellsAreNeutralised(payload: String) throws {
        let output = ReportOutput.memory()
        let sink = CredentialsCSV(output: output)
        try sink.add(IssuedCredential(customerID: payload, userPrincipalName: "x@contoso.com", displayName: payload,
                                      password: SampleRun.password("Ab3!" + "xyzXYZ12")))
        try sink.finish()
        let rows = SimpleCSV.parse(output.bytes)
        #expect(rows.count == 2)
        for cell in rows[1] { #expect(!Self.isDangerous(cell), "cell \(cell.debugDescription) would run in Excel") }
    }

    @Test func passwordStartingWithATriggerIsGuardedToo() throws {
        let output = ReportOutput.memory()
        let sink = CredentialsCSV(output: output)
        try sink.add(SampleRun.applied.credentials[1])
        try sink.finish()
        let rows = SimpleCSV.parse(output.bytes)
        #expect(rows[1][3] == "'=Qa9!kLm3Zt7pW2x")
    }

    @Test func reportsStartWithAByteOrderMarkAndUseCRLF() throws {
        let bytes = try SampleRun.applied.render(.csv)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix(CSVReport.columns.joined(separator: ",") + "\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }
}
