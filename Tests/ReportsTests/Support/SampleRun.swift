import Foundation
import Provisioning
@testable import Reports

/// A fixed run that exercises every part of the reports: creates with disabled plans and a
/// directory role, a role swapped on update, a seat shortfall with its fix, a restore warning, an invalid row, CJK names, a
/// `<script>` name, a formula-looking name, a skipped user, several customers.
struct SampleRun {
    var header: RunHeader
    var outcomes: [UserOutcome]
    var summary: RunSummary
    var credentials: [IssuedCredential]

    static let started = Date(timeIntervalSince1970: 1_795_251_600) // 2026-11-21T09:00:00Z

    static let e3 = LicenseChange(partNumber: "SPE_E3", displayName: "Microsoft 365 E3")
    static let premium = LicenseChange(partNumber: "O365_BUSINESS_PREMIUM", displayName: "Microsoft 365 Business Premium")
    static let visio = LicenseChange(partNumber: "VISIOCLIENT", displayName: "Visio Plan 2")
    static let exchange = LicenseChange(partNumber: "EXCHANGESTANDARD", displayName: "Exchange Online (Plan 1)")

    static func password(_ text: String) -> TemporaryPassword {
        do { return try TemporaryPassword(checking: text) } catch { fatalError("bad test password \(text)") }
    }

    /// The applied run.
    static let applied: SampleRun = {
        let file = "users.csv"
        let outcomes: [UserOutcome] = [
            UserOutcome(customerID: "contoso", userPrincipalName: "alice@contoso.com", displayName: "Alice Example",
                        action: .create, sources: [SourceLocation(file: file, line: 2)], status: .succeeded,
                        added: [LicenseChange(partNumber: "SPE_E3", displayName: "Microsoft 365 E3",
                                              disabledPlans: ["SWAY", "YAMMER_ENTERPRISE"])],
                        passwordIssued: true).granting(["User Administrator"]),
            UserOutcome(customerID: "contoso", userPrincipalName: "chen.dawen@contoso.com", displayName: "陳大文",
                        action: .create, sources: [SourceLocation(file: file, line: 3)], status: .succeeded,
                        added: [premium], passwordIssued: true),
            UserOutcome(customerID: "contoso", userPrincipalName: "bob@contoso.com", displayName: "Bob Builder",
                        action: .update, sources: [SourceLocation(file: file, line: 4)], status: .failed,
                        errors: [Violation(.countViolation,
                                           "Not enough seats of Microsoft 365 E3 (SPE_E3): 0 available, 3 more requested in this file.",
                                           fix: "Buy 3 more seats of Microsoft 365 E3 (SPE_E3)", field: "Licenses", line: 4)]),
            UserOutcome(customerID: "contoso", userPrincipalName: "script@contoso.com",
                        displayName: "<script>alert('x')</script> & \"Co\"",
                        action: .create, sources: [SourceLocation(file: file, line: 5), SourceLocation(file: file, line: 6)],
                        status: .failed,
                        errors: [Violation(.invalidInput, "Usage location '<b>XX</b>' is not an ISO 3166-1 country code.",
                                           fix: "Use a two-letter country code such as TW or US.", field: "UsageLocation",
                                           line: 5, column: 7)]),
            UserOutcome(customerID: "contoso", userPrincipalName: "calc@contoso.com", displayName: "=cmd|'/c calc'!A1",
                        action: .update, sources: [SourceLocation(file: file, line: 7)], status: .unchanged,
                        unchanged: [e3]),
            UserOutcome(customerID: "contoso", userPrincipalName: "dana@contoso.com", displayName: "Dana Park",
                        action: .update, sources: [SourceLocation(file: file, line: 8)], status: .succeeded,
                        added: [exchange], removed: [e3], changedAttributes: ["department", "jobTitle"])
                .granting(["Helpdesk Administrator"], removing: ["User Administrator"]),
            UserOutcome(customerID: "fabrikam", userPrincipalName: "yamada@fabrikam.co.jp", displayName: "山田太郎",
                        action: .restore, sources: [SourceLocation(file: file, line: 9)], status: .succeeded,
                        added: [e3],
                        errors: [Violation(.countViolation, "Visio Plan 2 (VISIOCLIENT) could not be restored: no seats are available.",
                                           fix: "Buy 1 more seat of Visio Plan 2 (VISIOCLIENT), then assign it again.")]),
            UserOutcome(customerID: "fabrikam", userPrincipalName: "old.account@fabrikam.co.jp", displayName: nil,
                        action: .delete, sources: [SourceLocation(file: file, line: 10)], status: .succeeded,
                        removed: [e3]),
            UserOutcome(customerID: "fabrikam", userPrincipalName: "sum@fabrikam.co.jp", displayName: "@SUM(1+1)",
                        action: .resetPassword, sources: [SourceLocation(file: file, line: 11)], status: .succeeded,
                        passwordIssued: true),
            UserOutcome(customerID: "fabrikam", userPrincipalName: "kim@fabrikam.co.jp", displayName: "김민준",
                        action: .create, sources: [SourceLocation(file: file, line: 12)], status: .skipped),
        ]
        let summary = RunSummary(
            counts: [.succeeded: 6, .failed: 2, .unchanged: 1, .skipped: 1], created: 2,
            products: [
                ProductTotals(customerID: "contoso", partNumber: "EXCHANGESTANDARD", displayName: "Exchange Online (Plan 1)",
                              purchased: 5, assignedBefore: 1, assignedAfter: 2, shortfall: 0),
                ProductTotals(customerID: "contoso", partNumber: "O365_BUSINESS_PREMIUM",
                              displayName: "Microsoft 365 Business Premium",
                              purchased: 10, assignedBefore: 8, assignedAfter: 9, shortfall: 0),
                ProductTotals(customerID: "contoso", partNumber: "SPE_E3", displayName: "Microsoft 365 E3",
                              purchased: 25, assignedBefore: 25, assignedAfter: 25, shortfall: 3),
                ProductTotals(customerID: "fabrikam", partNumber: "SPE_E3", displayName: "Microsoft 365 E3",
                              purchased: 10, assignedBefore: 6, assignedAfter: 6, shortfall: 0),
                ProductTotals(customerID: "fabrikam", partNumber: "VISIOCLIENT", displayName: "Visio Plan 2",
                              purchased: 2, assignedBefore: 2, assignedAfter: 2, shortfall: 1),
            ],
            finishedAt: started.addingTimeInterval(125))
        let credentials = [
            IssuedCredential(customerID: "contoso", userPrincipalName: "alice@contoso.com", displayName: "Alice Example",
                             password: password("Xk7#mP2qR9$vL4wz")),
            IssuedCredential(customerID: "contoso", userPrincipalName: "chen.dawen@contoso.com", displayName: "陳大文",
                             password: password("=Qa9!kLm3Zt7pW2x")),
            IssuedCredential(customerID: "fabrikam", userPrincipalName: "sum@fabrikam.co.jp", displayName: "<script>x</script>",
                             password: password("Hq4&Tz8-Yw3@Nr6v")),
        ]
        // What reading found: one column nothing reads, one warning of the CSV reader.
        let input = InputSummary(format: .native, unusedColumns: [UnusedColumn(header: "Licences", column: 5, suggestions: ["Licenses"])],
                                 warnings: [InputWarning(code: "strayQuote", line: 7, column: 2,
                                                         message: "quote inside an unquoted field, kept as a literal character")])
        return SampleRun(header: RunHeader(batchID: "20261121-090000-7f3a", input: file, role: .adminAgent,
                                           preview: false, startedAt: started, inputSummary: input),
                         outcomes: outcomes, summary: summary, credentials: credentials)
    }()

    /// A preview of three users.
    static let preview: SampleRun = {
        let file = "new-hires.csv"
        let outcomes: [UserOutcome] = [
            UserOutcome(customerID: "contoso", userPrincipalName: "erin@contoso.com", displayName: "Erin Smith",
                        action: .create, sources: [SourceLocation(file: file, line: 2)], status: .planned,
                        added: [e3, visio], passwordIssued: true),
            UserOutcome(customerID: "contoso", userPrincipalName: "wang.xiaoming@contoso.com", displayName: "王小明",
                        action: .upsert, sources: [SourceLocation(file: file, line: 3)], status: .planned,
                        removed: [visio], unchanged: [e3]),
            UserOutcome(customerID: "contoso", userPrincipalName: "frank@contoso.com", displayName: "Frank",
                        action: .create, sources: [SourceLocation(file: file, line: 4)], status: .failed,
                        errors: [Violation(.usageLocationRequired, "Frank has no usage location, so no license can be assigned.",
                                           fix: "Fill the UsageLocation column (e.g. TW) or pass --location.",
                                           field: "UsageLocation", line: 4)]),
        ]
        let summary = RunSummary(
            counts: [.planned: 2, .failed: 1], created: 1,
            products: [
                ProductTotals(customerID: "contoso", partNumber: "SPE_E3", displayName: "Microsoft 365 E3",
                              purchased: 25, assignedBefore: 20, assignedAfter: 21, shortfall: 0),
                ProductTotals(customerID: "contoso", partNumber: "VISIOCLIENT", displayName: "Visio Plan 2",
                              purchased: 3, assignedBefore: 3, assignedAfter: 3, shortfall: 0),
            ],
            finishedAt: started.addingTimeInterval(4))
        return SampleRun(header: RunHeader(batchID: "20261121-090000-preview", input: file, role: .userManagementAdmin,
                                           preview: true, startedAt: started, inputSummary: InputSummary(format: .partnerCenter)),
                         outcomes: outcomes, summary: summary, credentials: [])
    }()

    /// Feeds the run to `sink`.
    func play(into sink: any OutcomeSink) throws {
        try sink.begin(header)
        for outcome in outcomes { try sink.add(outcome) }
        try sink.finish(summary)
    }

    /// The run rendered in `format` into memory.
    func render(_ format: ReportFormat, color: Bool = false) throws -> [UInt8] {
        let output = ReportOutput.memory()
        try play(into: makeReportSink(format: format, output: output, color: color))
        return output.bytes
    }
}

extension UserOutcome {
    /// The outcome with directory roles granted and removed.
    func granting(_ added: [String], removing removed: [String] = []) -> UserOutcome {
        var outcome = self
        outcome.rolesAdded = added
        outcome.rolesRemoved = removed
        return outcome
    }
}
