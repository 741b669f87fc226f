import Provisioning

/// The words every renderer uses for the same thing, so the text, CSV and HTML reports
/// say it the same way (and the portal's pages, for the few it shares).
public enum ReportVocabulary {
    /// `reset password`, `create`, …: an action for people.
    static func action(_ action: RequestAction) -> String {
        action == .resetPassword ? "reset password" : action.rawValue
    }

    /// The action as a report line says it: `will create` in a preview (`planned`), `create`
    /// otherwise.
    static func action(_ action: RequestAction, status: OutcomeStatus) -> String {
        status == .planned ? "will " + self.action(action) : self.action(action)
    }

    /// What a report says of a new temporary password: `will issue a temporary password` in a
    /// preview; else that one was issued, and that it is never in the report (it is in the
    /// credentials sheet, or was shown once on the terminal by `users create`).
    static func password(_ outcome: UserOutcome) -> String {
        if outcome.status == .planned { return "will issue a temporary password" }
        return (outcome.passwordReissue.map { "\($0)" } ?? "temporary password issued") + " (never in this report)"
    }

    /// `Microsoft 365 E3 (SPE_E3)`, or the part number alone when there is no other name.
    static func product(_ change: LicenseChange) -> String {
        product(displayName: change.displayName, partNumber: change.partNumber)
    }

    /// `Microsoft 365 E3 (SPE_E3)` from its parts.
    static func product(displayName: String, partNumber: String) -> String {
        productPieces(displayName: displayName, partNumber: partNumber).joined()
    }

    /// ``product(displayName:partNumber:)`` in pieces, for a report that appends them.
    static func productPieces(displayName: String, partNumber: String) -> [String] {
        displayName.isEmpty || displayName == partNumber ? [partNumber] : [displayName, " (", partNumber, ")"]
    }

    /// `users.csv:2`, `users.csv:2, 7`, `a.csv:2; b.csv:5`, or the command when not from a file.
    /// Lines of `omittingFile` (the run's input) are given as bare numbers: `2, 7`.
    static func sources(_ sources: [SourceLocation], omittingFile: String? = nil) -> String {
        if sources.count == 1, let only = sources.first {
            // The common case, without the grouping below.
            if only.line <= 0 { return only.file }
            return only.file == omittingFile ? String(only.line) : only.file + ":" + String(only.line)
        }
        var files: [String] = []
        var lines: [String: [Int]] = [:]
        for source in sources {
            if lines[source.file] == nil { files.append(source.file); lines[source.file] = [] }
            if source.line > 0 { lines[source.file, default: []].append(source.line) }
        }
        return files.map { file in
            let numbers = lines[file] ?? []
            let lines = numbers.map(String.init).joined(separator: ", ")
            if numbers.isEmpty { return file }
            return file == omittingFile ? lines : file + ":" + lines
        }.joined(separator: "; ")
    }

    /// The source line numbers alone: `2`, `2 7`; empty when not from a file.
    static func lineNumbers(_ sources: [SourceLocation]) -> String {
        sources.filter { $0.line > 0 }.map { String($0.line) }.joined(separator: " ")
    }

    /// `line 2`, `lines 2, 7`, or `other.csv:4` when from another file than `input`.
    static func lines(_ sources: [SourceLocation], input: String?) -> String {
        let text = self.sources(sources, omittingFile: input)
        guard sources.allSatisfy({ $0.file == input && $0.line > 0 }), !sources.isEmpty else { return text }
        return (sources.count == 1 ? "line " : "lines ") + text
    }

    /// What a skipped user with no error of its own says.
    static let skippedNote = "Not attempted: another user failed and --all-or-nothing stopped the run."

    /// Whether an outcome's violations stopped it (errors) or only qualify a success (warnings,
    /// such as licenses a restore could not bring back).
    static func violationsAreErrors(_ status: OutcomeStatus) -> Bool {
        status == .failed || status == .skipped
    }

    /// `error` or `warning`, per ``violationsAreErrors(_:)``.
    static func violationKind(_ status: OutcomeStatus) -> String {
        violationsAreErrors(status) ? "error" : "warning"
    }

    /// Where in the input a violation points: `line 4, column 3, field UsageLocation`; empty
    /// when it points nowhere.
    static func place(_ violation: Violation) -> String {
        var parts: [String] = []
        if let line = violation.line { parts.append("line \(line)") }
        if let column = violation.column { parts.append("column \(column)") }
        if let field = violation.field { parts.append("field \(field)") }
        return parts.joined(separator: ", ")
    }

    /// `Buy 3 more` when seats fell short, else empty.
    static func shortfall(_ totals: ProductTotals) -> String {
        totals.shortfall > 0 ? "Buy \(totals.shortfall) more" : ""
    }

    /// What a seat row says beside its figures: the shortfall (`Buy 3 more`) and, when more
    /// seats are assigned than purchased (a forced reduction), `over-assigned by 2`.
    static func seatNote(_ totals: ProductTotals) -> String {
        var parts: [String] = []
        if totals.shortfall > 0 { parts.append(shortfall(totals)) }
        if totals.overAssigned > 0 { parts.append("over-assigned by \(count(totals.overAssigned))") }
        return parts.joined(separator: "; ")
    }

    /// Whether a seat row needs attention: a shortfall or over-assigned seats.
    static func isShort(_ totals: ProductTotals) -> Bool { totals.shortfall > 0 || totals.overAssigned > 0 }

    /// `1,234,567`: thousands separated by commas, whatever the locale.
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    /// `read as Entra ID bulk create`: how the input was read (the "Input" part of a report).
    static func inputFormat(_ summary: InputSummary) -> String {
        "read as " + summary.format.title
    }

    /// `column 7 'Fax' is not used (did you mean …?)`.
    static func unusedColumn(_ column: UnusedColumn) -> String {
        column.description + " is not used"
    }

    /// `… and 12 more warnings`, when the reader kept no more.
    static func omittedWarnings(_ count: Int) -> String {
        "… and \(self.count(count)) more warning\(count == 1 ? "" : "s")"
    }

    /// Statuses in the order reports list them.
    static let statusOrder: [OutcomeStatus] = [.succeeded, .planned, .unchanged, .failed, .skipped]
}

extension String {
    /// The string with its first character upper-cased: `Will issue …` for a list item.
    var capitalizingFirst: String { prefix(1).uppercased() + dropFirst() }
}
