import CSV
import Foundation
import Provisioning

/// The report as a spreadsheet: one row per user per change, ready to filter in Excel.
///
/// Written in the CSV writer's Excel-safe mode (UTF-8 byte-order mark, CR LF, formula guard:
/// a cell starting with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'`). Columns:
/// `Customer, Line, UserPrincipalName, DisplayName, Action, Status, Change, Product,
/// PartNumber, DisabledPlans, ErrorCode, Message, Fix`. `Change` is `added`, `removed`,
/// `unchanged`, `role added`, `role removed` (the role's name in `Product`), `attributes`,
/// `password`, `error`, `warning`, or `none` for a user with nothing else to list. Seat totals are in the other formats; every row here is a user's.
///
/// Streams: each outcome's rows are written as it arrives.
public final class CSVReport: OutcomeSink {
    /// The header row.
    public static let columns = ["Customer", "Line", "UserPrincipalName", "DisplayName", "Action", "Status",
                                 "Change", "Product", "PartNumber", "DisabledPlans", "ErrorCode", "Message", "Fix"]

    private let output: ReportOutput
    private var writer = CSVWriter(options: CSVWriteOptions.excelSafe)

    /// Creates a CSV report.
    /// - Parameter output: where to write; ``finish(_:)`` closes it.
    public init(output: ReportOutput) {
        self.output = output
    }

    public func begin(_ header: RunHeader) throws {
        writer.writeRow(CSVReport.columns)
        try output.write(bytes: writer.takeBytes())
    }

    public func add(_ outcome: UserOutcome) throws {
        for row in CSVReport.rows(outcome) { writer.writeRow(row) }
        try output.write(bytes: writer.takeBytes())
    }

    public func finish(_ summary: RunSummary) throws {
        try output.write(bytes: writer.takeBytes())
        try output.close()
    }

    /// The rows of one outcome, in column order.
    static func rows(_ outcome: UserOutcome) -> [[String]] {
        let lead = [outcome.customerID, ReportVocabulary.lineNumbers(outcome.sources), outcome.userPrincipalName,
                    outcome.displayName ?? "", ReportVocabulary.action(outcome.action), outcome.status.rawValue]
        var rows: [[String]] = []
        let groups: [(String, [LicenseChange])] = [("added", outcome.added), ("removed", outcome.removed),
                                                   ("unchanged", outcome.unchanged)]
        for (change, list) in groups {
            for license in list {
                rows.append(lead + [change, license.displayName, license.partNumber,
                                    license.disabledPlans.joined(separator: "; "), "", "", ""])
            }
        }
        for (change, roles) in [("role added", outcome.rolesAdded), ("role removed", outcome.rolesRemoved)] {
            for role in roles { rows.append(lead + [change, role, "", "", "", "", ""]) }
        }
        if !outcome.changedAttributes.isEmpty {
            rows.append(lead + ["attributes", "", "", "", "", outcome.changedAttributes.joined(separator: "; "), ""])
        }
        if outcome.passwordIssued {
            let note = outcome.passwordReissue.map { "\($0) (credentials sheet only)" }
                ?? "temporary password issued (credentials sheet only)"
            rows.append(lead + ["password", "", "", "", "", note, ""])
        }
        let kind = ReportVocabulary.violationKind(outcome.status)
        for violation in outcome.errors {
            rows.append(lead + [kind, "", "", "", violation.code.rawValue, violation.message, violation.fix ?? ""])
        }
        if rows.isEmpty {
            let note = outcome.status == .skipped ? ReportVocabulary.skippedNote : ""
            rows.append(lead + ["none", "", "", "", "", note, ""])
        }
        return rows
    }
}
