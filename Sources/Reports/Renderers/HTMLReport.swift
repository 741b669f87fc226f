import Foundation
import Provisioning

/// The "Licenses updated" page: one self-contained HTML file with the summary cards, the
/// seat table (shortfalls highlighted with how many to buy) and one table row per user with
/// its changes, errors and fixes. No scripts and nothing loaded from anywhere; a
/// Content-Security-Policy says so to the browser too. Prints on A4 landscape.
///
/// The cards and seat totals come first on the page but are known only at the end, so the
/// user rows are spooled to an anonymous temporary file as they arrive and copied into the
/// page at ``finish(_:)``: memory stays flat for any number of users.
///
/// Every value from the run is escaped (`& < > " '`).
///
/// Embedded (`embedded: true`), it writes only the report itself, in a `<div class="report">`,
/// without the document around it and its inline stylesheet: the portal puts it inside its
/// own page, whose stylesheet includes ``styleSheet`` and whose policy allows no inline style.
public final class HTMLReport: OutcomeSink {
    private let output: ReportOutput
    private let temporaryDirectory: String
    private let embedded: Bool
    private var spool: SpoolFile?
    private var header: RunHeader?
    private var customer: String?

    /// Creates an HTML report.
    /// - Parameters:
    ///   - output: where to write; ``finish(_:)`` closes it.
    ///   - temporaryDirectory: where to spool the user rows (an unlinked file).
    ///   - embedded: write the report alone, for a page of the portal (no document frame and
    ///     no inline stylesheet: the page links ``styleSheet``).
    public init(output: ReportOutput, temporaryDirectory: String = NSTemporaryDirectory(), embedded: Bool = false) {
        self.output = output
        self.temporaryDirectory = temporaryDirectory
        self.embedded = embedded
    }

    /// The report's CSS, for a page that embeds it and serves its stylesheet itself.
    public static var styleSheet: String { HTMLStyleSheet.report }

    public func begin(_ header: RunHeader) throws {
        self.header = header
        spool = try SpoolFile(directory: temporaryDirectory)
    }

    public func add(_ outcome: UserOutcome) throws {
        let spool = try spoolFile()
        var html = ""
        if outcome.customerID != customer {
            customer = outcome.customerID
            html += "<tr class=\"group\"><th colspan=\"6\">Customer \(e(outcome.customerID))</th></tr>\n"
        }
        try spool.write(html + HTMLReport.row(outcome, input: header?.input))
    }

    public func finish(_ summary: RunSummary) throws {
        let spool = try spoolFile()
        defer { spool.close() }
        let header = self.header ?? RunHeader(batchID: "", input: "", role: .adminAgent, preview: false,
                                              startedAt: summary.finishedAt)
        try output.write(HTMLReport.top(header, summary, embedded: embedded) + HTMLReport.cards(header, summary)
            + (header.inputSummary.map(HTMLReport.input) ?? "") + HTMLReport.seats(summary.products) + HTMLReport.usersStart)
        try spool.copy(into: output)
        try output.write(embedded ? HTMLReport.usersEnd + "</div>\n" : HTMLReport.bottom)
        try output.close()
    }

    private func spoolFile() throws -> SpoolFile {
        if let spool { return spool }
        let created = try SpoolFile(directory: temporaryDirectory)
        spool = created
        return created
    }

    // MARK: - Page pieces

    static func top(_ header: RunHeader, _ summary: RunSummary, embedded: Bool = false) -> String {
        let title = header.preview ? "Preview: licenses to update" : "Licenses updated"
        let attention = summary.count(.failed) + summary.count(.skipped) > 0
        let mark = header.preview ? "<span class=\"mark preview\">?</span>"
            : attention ? "<span class=\"mark attention\">!</span>" : "<span class=\"mark ok\">✓</span>"
        let start = embedded ? "<div class=\"report\">\n" : HTMLPage.start(title: title + " · " + header.batchID, style: HTMLStyleSheet.report)
        var html = start + """
        <header>
        <div class="title">\(mark)<h1>\(e(title))</h1></div>
        <p class="meta"><span>Batch <code>\(e(header.batchID))</code></span><span>Input \(e(header.input))</span>\
        <span>As \(e(header.role.rawValue))</span><span>Started \(e(ReportDate.readable(header.startedAt)))</span>\
        <span>Took \(e(ReportDate.duration(from: header.startedAt, to: summary.finishedAt)))</span></p>

        """
        if header.preview { html += "<p class=\"banner\">PREVIEW — nothing was changed</p>\n" }
        if let stop = summary.stopped { html += "<p class=\"banner\">STOPPED: \(e(stop.description)).</p>\n" }
        html += "</header>\n"
        return html
    }

    static func cards(_ header: RunHeader, _ summary: RunSummary) -> String {
        let done = header.preview ? summary.count(.planned) : summary.count(.succeeded)
        let cards: [(String, String, Int)] = [
            ("created", header.preview ? "To create" : "Created", summary.created),
            ("updated", header.preview ? "To change" : "Updated", max(0, done - summary.created)),
            ("unchanged", "Unchanged", summary.count(.unchanged)),
            ("failed", "Failed", summary.count(.failed)),
            ("skipped", "Skipped", summary.count(.skipped)),
        ]
        var html = "<section class=\"cards\" aria-label=\"Summary\">\n"
        for (kind, label, number) in cards {
            html += "<div class=\"card \(kind)\(number > 0 ? " some" : "")\"><div class=\"number\">"
                + "\(ReportVocabulary.count(number))</div><div class=\"label\">\(label)</div></div>\n"
        }
        return html + "</section>\n"
    }

    /// The "Input" part: the format read, the columns not used, the reader's warnings.
    static func input(_ input: InputSummary) -> String {
        var html = "<section class=\"input\">\n<h2>Input</h2>\n<p>Read as \(e(input.format.title))</p>\n"
        for column in input.unusedColumns {
            html += "<div class=\"problem warning\">\(e(ReportVocabulary.unusedColumn(column)))</div>\n"
        }
        for warning in input.warnings {
            html += "<div class=\"problem warning\"><span class=\"code\">\(e(warning.code))</span> \(e(warning.description))</div>\n"
        }
        if input.omittedWarnings > 0 {
            html += "<div class=\"problem warning\">\(e(ReportVocabulary.omittedWarnings(input.omittedWarnings)))</div>\n"
        }
        return html + "</section>\n"
    }

    static func seats(_ products: [ProductTotals]) -> String {
        var html = "<section>\n<h2>Seats</h2>\n"
        guard !products.isEmpty else { return html + "<p class=\"none\">No licenses were involved.</p>\n</section>\n" }
        html += """
        <table class="seats">
        <thead><tr><th>Customer</th><th>Product</th><th class="number">Purchased</th><th class="number">Assigned before</th>\
        <th class="number">Assigned after</th><th class="number">Available</th><th>Buy more</th></tr></thead>
        <tbody>

        """
        for totals in products {
            let short = ReportVocabulary.isShort(totals)
            let buy = short ? "<span class=\"buy\">\(e(ReportVocabulary.seatNote(totals)))</span>" : ""
            html += "<tr\(short ? " class=\"short\"" : "")><td>\(e(totals.customerID))</td>"
                + "<td>\(e(totals.displayName)) <code>\(e(totals.partNumber))</code></td>"
                + "<td class=\"number\">\(ReportVocabulary.count(totals.purchased))</td>"
                + "<td class=\"number\">\(ReportVocabulary.count(totals.assignedBefore))</td>"
                + "<td class=\"number\">\(ReportVocabulary.count(totals.assignedAfter))</td>"
                + "<td class=\"number\">\(ReportVocabulary.count(totals.availableAfter))</td><td>\(buy)</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    static let usersStart = """
        <section>
        <h2>Users</h2>
        <table class="users">
        <colgroup><col class="status"><col class="user"><col class="action"><col class="lines"><col class="licenses">\
        <col class="problems"></colgroup>
        <thead><tr><th>Status</th><th>User</th><th>Action</th><th>Line</th><th>Changes</th><th>Errors and fixes</th></tr></thead>
        <tbody>

        """

    static let usersEnd = "</tbody>\n</table>\n</section>\n"

    static let bottom = usersEnd + HTMLPage.end(
        footer: "Written by provision. Temporary passwords are never in this report.")

    /// One user's table row.
    static func row(_ outcome: UserOutcome, input: String?) -> String {
        let status = outcome.status.rawValue
        // Let a long sign-in name wrap after its @ rather than inside a word.
        let upn = e(outcome.userPrincipalName).replacingOccurrences(of: "@", with: "@<wbr>")
        var user = "<div class=\"upn\">\(upn)</div>"
        if let name = outcome.displayName, !name.isEmpty { user += "<div class=\"name\">\(e(name))</div>" }
        return "<tr class=\"\(status)\"><td><span class=\"badge \(status)\">\(status)</span></td><td>\(user)</td>"
            + "<td>\(e(ReportVocabulary.action(outcome.action, status: outcome.status)))</td>"
            + "<td>\(e(ReportVocabulary.sources(outcome.sources, omittingFile: input)))</td>"
            + "<td>\(changes(outcome))</td><td>\(problems(outcome))</td></tr>\n"
    }

    private static func changes(_ outcome: UserOutcome) -> String {
        var items: [String] = []
        let preview = outcome.status == .planned
        let groups: [(String, String, String, [LicenseChange])] = [
            ("added", "+", preview ? "Will add" : "Added", outcome.added),
            ("removed", "−", preview ? "Will remove" : "Removed", outcome.removed),
            ("kept", "=", "Kept", outcome.unchanged),
        ]
        for (kind, sign, label, list) in groups {
            for change in list {
                // A preview says it in words too: the sign alone reads as done.
                var item = "<li class=\"\(kind)\"><span class=\"sign\" title=\"\(label)\">\(sign)</span>"
                    + (preview && kind != "kept" ? e(label.lowercased()) + " " : "") + e(ReportVocabulary.product(change))
                if !change.disabledPlans.isEmpty {
                    item += "<div class=\"plans\">Disabled plans: \(e(change.disabledPlans.joined(separator: ", ")))</div>"
                }
                items.append(item + "</li>")
            }
        }
        for (kind, sign, label, roles) in [("added", "+", "Granted", outcome.rolesAdded),
                                           ("removed", "−", "Removed", outcome.rolesRemoved)] {
            for role in roles {
                items.append("<li class=\"\(kind)\"><span class=\"sign\" title=\"\(label)\">\(sign)</span>"
                    + (preview ? (kind == "added" ? "Will grant role " : "Will remove role ") : "Role ") + e(role) + "</li>")
            }
        }
        if !outcome.changedAttributes.isEmpty {
            items.append("<li class=\"kept\"><span class=\"sign\">*</span>Changed: "
                + e(outcome.changedAttributes.joined(separator: ", ")) + "</li>")
        }
        if outcome.passwordIssued {
            items.append("<li class=\"kept\"><span class=\"sign\">*</span>" + e(ReportVocabulary.password(outcome).capitalizingFirst) + "</li>")
        }
        return items.isEmpty ? "<span class=\"none\">—</span>" : "<ul class=\"changes\">" + items.joined() + "</ul>"
    }

    private static func problems(_ outcome: UserOutcome) -> String {
        if outcome.status == .skipped, outcome.errors.isEmpty {
            return "<div class=\"problem warning\">\(e(ReportVocabulary.skippedNote))</div>"
        }
        return outcome.errors.map { violation in
            let kind = ReportVocabulary.violationKind(outcome.status)
            var html = "<div class=\"problem \(kind)\"><span class=\"code\">\(e(violation.code.rawValue))</span> "
                + e(violation.message)
            if let fix = violation.fix { html += "<div class=\"fix\"><strong>Fix:</strong> \(e(fix))</div>" }
            let place = ReportVocabulary.place(violation)
            if !place.isEmpty { html += "<div class=\"place\">\(e(place))</div>" }
            return html + "</div>"
        }.joined()
    }

    private static func e(_ value: String) -> String { HTMLText.escape(value) }
    private func e(_ value: String) -> String { HTMLText.escape(value) }
}
