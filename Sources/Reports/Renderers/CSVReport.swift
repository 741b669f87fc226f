import CSV
import Foundation
import Provisioning

/// The report as a spreadsheet: one row per user per change, ready to filter in Excel.
///
/// Written in the CSV writer's Excel-safe mode (UTF-8 byte-order mark, CR LF, formula guard:
/// a cell starting with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'`). Columns:
/// `Customer, Line, UserPrincipalName, DisplayName, Action, Status, Change, Product,
/// PartNumber, DisabledPlans, ErrorCode, Message, Fix`. `Change` is `added`, `removed`
/// (`will add`, `will remove` in a preview), `unchanged`, `role added`, `role removed` (the
/// role's name in `Product`; `will grant role`, `will remove role` in a preview), `attributes`, `password`, `error`, `warning`, or `none` for a
/// user with nothing else to list. Seat totals are in the other formats.
///
/// A run from a file starts with the rows of its "Input" part, before the first user's, with
/// the user columns empty: `Change` is `input` (`Message`: the format read), `unused column`
/// (`Message`: which column), or `input warning` (`Line`, `ErrorCode` as the CSV reader's
/// code, `Message`). A run stopped by a safety limit ends with one row whose `Change` is
/// `stopped` (`Message`: why). Every other row is a user's.
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
        if let input = header.inputSummary {
            for row in CSVReport.rows(input) { writer.writeRow(row) }
        }
        try output.write(bytes: writer.takeBytes())
    }

    public func add(_ outcome: UserOutcome) throws {
        for row in CSVReport.rows(outcome) { writer.writeRow(row) }
        try output.write(bytes: writer.takeBytes())
    }

    public func finish(_ summary: RunSummary) throws {
        if let stop = summary.stopped { writer.writeRow(["", "", "", "", "", "", "stopped", "", "", "", "", stop.description, ""]) }
        try output.write(bytes: writer.takeBytes())
        try output.close()
    }

    /// The rows of the "Input" part, in column order.
    static func rows(_ input: InputSummary) -> [[String]] {
        func row(line: String = "", change: String, code: String = "", message: String) -> [String] {
            ["", line, "", "", "", "", change, "", "", "", code, message, ""]
        }
        var rows = [row(change: "input", message: ReportVocabulary.inputFormat(input))]
        rows += input.unusedColumns.map { row(change: "unused column", message: ReportVocabulary.unusedColumn($0)) }
        rows += input.warnings.map { warning in
            row(line: String(warning.line), change: "input warning", code: warning.code,
                message: (warning.column.map { "column \($0): " } ?? "") + warning.message)
        }
        if input.omittedWarnings > 0 {
            rows.append(row(change: "input warning", message: ReportVocabulary.omittedWarnings(input.omittedWarnings)))
        }
        return rows
    }

    /// The rows of one outcome, in column order.
    static func rows(_ outcome: UserOutcome) -> [[String]] {
        let lead = [outcome.customerID, ReportVocabulary.lineNumbers(outcome.sources), outcome.userPrincipalName,
                    outcome.displayName ?? "", ReportVocabulary.action(outcome.action), outcome.status.rawValue]
        var rows: [[String]] = []
        let preview = outcome.status == .planned
        let groups: [(String, [LicenseChange])] = [(preview ? "will add" : "added", outcome.added),
                                                   (preview ? "will remove" : "removed", outcome.removed),
                                                   ("unchanged", outcome.unchanged)]
        for (change, list) in groups {
            for license in list {
                rows.append(lead + [change, license.displayName, license.partNumber,
                                    license.disabledPlans.joined(separator: "; "), "", "", ""])
            }
        }
        for (change, roles) in [(preview ? "will grant role" : "role added", outcome.rolesAdded),
                                (preview ? "will remove role" : "role removed", outcome.rolesRemoved)] {
            for role in roles { rows.append(lead + [change, role, "", "", "", "", ""]) }
        }
        if !outcome.changedAttributes.isEmpty {
            rows.append(lead + ["attributes", "", "", "", "", outcome.changedAttributes.joined(separator: "; "), ""])
        }
        if outcome.passwordIssued {
            rows.append(lead + ["password", "", "", "", "", ReportVocabulary.password(outcome), ""])
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
