import Foundation
import Provisioning

/// The report for a terminal: one block per user, then the totals, aligned for 80 columns.
///
/// Streams: each outcome is written as it arrives. Colour only when `color` is true (the
/// caller decides from the terminal and `NO_COLOR`).
///
/// ```
/// succeeded  alice@contoso.com
///            Alice Example · create · users.csv:2
///            + Microsoft 365 E3 (SPE_E3)
///              disabled plans: SWAY
///            + role User Administrator
/// ```
public final class TextReport: OutcomeSink {
    private let output: ReportOutput
    private let style: TerminalStyle
    private let width: Int
    private var header: RunHeader?
    private var customer: String?

    /// Column where a user's details start: after the longest status word and two spaces.
    private let detailIndent = 11
    /// `detailIndent` spaces.
    private let detailPad: String

    /// Creates a text report.
    /// - Parameters:
    ///   - output: where to write; ``finish(_:)`` closes it.
    ///   - color: whether to use ANSI colours.
    ///   - width: the line width to wrap at (at least 40).
    public init(output: ReportOutput, color: Bool = false, width: Int = 80) {
        self.output = output
        self.style = TerminalStyle(enabled: color)
        self.width = max(40, width)
        detailPad = String(repeating: " ", count: detailIndent)
    }

    public func begin(_ header: RunHeader) throws {
        self.header = header
        var text = style.paint(header.preview ? "Preview: licenses to update" : "Licenses updated", .bold) + "\n"
        let facts = "Batch \(t(header.batchID)) · input \(t(header.input)) · as \(header.role.rawValue)"
        text += DisplayWidth.wrap(facts, width: width).joined(separator: "\n") + "\n"
        text += "Started \(ReportDate.readable(header.startedAt))\n"
        if let input = header.inputSummary { text += inputLines(input) }
        if header.preview { text += "\n" + previewBanner() + "\n" }
        try output.write(text)
    }

    /// The "Input" part: the format read, the columns not used, the reader's warnings.
    ///
    /// ```
    /// Input read as native
    ///   note: column 4 'Fax' is not used
    ///   warning: line 3, column 2: quote inside an unquoted field, kept as a literal character
    /// ```
    private func inputLines(_ input: InputSummary) -> String {
        var text = style.paint("Input", .bold) + " " + ReportVocabulary.inputFormat(input) + "\n"
        func item(_ label: String, _ tone: TerminalStyle.Tone, _ value: String) {
            let lines = DisplayWidth.wrap(label + ": " + value, width: width - 2)
            text += "  " + style.paint(label, tone) + lines.joined(separator: "\n    ").dropFirst(label.count) + "\n"
        }
        for column in input.unusedColumns { item("note", .plain, t(ReportVocabulary.unusedColumn(column))) }
        for warning in input.warnings { item("warning", .yellow, t(warning.description)) }
        if input.omittedWarnings > 0 { text += "  " + ReportVocabulary.omittedWarnings(input.omittedWarnings) + "\n" }
        return text
    }

    public func add(_ outcome: UserOutcome) throws {
        var out = TextBytes()
        if outcome.customerID != customer {
            customer = outcome.customerID
            let title = "Customer \(t(outcome.customerID))"
            out.append("\n" + style.paint(title, .bold) + "\n" + String(repeating: "─", count: min(width, DisplayWidth.of(title))) + "\n")
        }
        out.append(colour(outcome.status, DisplayWidth.padded(outcome.status.rawValue, to: detailIndent - 2)))
        out.append("  ")
        appendWrapped([t(outcome.userPrincipalName)], room: width - detailIndent, continuation: detailPad, into: &out)
        var facts: [String] = []
        if let name = outcome.displayName, !name.isEmpty { facts += [t(name), " · "] }
        facts.append(ReportVocabulary.action(outcome.action, status: outcome.status))
        let sources = ReportVocabulary.lines(outcome.sources, input: header?.input)
        if !sources.isEmpty { facts += [" · ", t(sources)] }
        out.append(detailPad)
        appendWrapped(facts, room: width - detailIndent, continuation: detailPad, into: &out)
        licenseLines(outcome, into: &out)
        let preview = outcome.status == .planned
        for role in outcome.rolesAdded { detail("+", [preview ? "will grant role " : "role ", role], tone: .green, into: &out) }
        for role in outcome.rolesRemoved { detail("-", [preview ? "will remove role " : "role ", role], tone: .yellow, into: &out) }
        if !outcome.changedAttributes.isEmpty {
            detail("*", ["attributes: ", t(outcome.changedAttributes.joined(separator: ", "))], into: &out)
        }
        if outcome.passwordIssued {
            detail("*", [ReportVocabulary.password(outcome)], into: &out)
        }
        for violation in outcome.errors { violationLines(violation, status: outcome.status, into: &out) }
        if outcome.status == .skipped, outcome.errors.isEmpty {
            detail("!", [ReportVocabulary.skippedNote], tone: .yellow, into: &out)
        }
        try output.write(bytes: out.bytes)
    }

    public func finish(_ summary: RunSummary) throws {
        var text = "\n" + style.paint("Users", .bold) + "\n"
        var total = 0
        for status in ReportVocabulary.statusOrder where summary.count(status) > 0 {
            total += summary.count(status)
            var line = "  " + colour(status, DisplayWidth.padded(status.rawValue, to: 12))
                + DisplayWidth.rightAligned(ReportVocabulary.count(summary.count(status)), to: 9)
            if (status == .succeeded || status == .planned), summary.created > 0 {
                line += "  (\(ReportVocabulary.count(summary.created)) \(status == .planned ? "to create" : "created"))"
            }
            text += line + "\n"
        }
        text += "  " + DisplayWidth.padded("total", to: 12) + DisplayWidth.rightAligned(ReportVocabulary.count(total), to: 9) + "\n"
        text += seatTables(summary.products)
        if let header {
            text += "\nFinished \(ReportDate.readable(summary.finishedAt)) after "
                + ReportDate.duration(from: header.startedAt, to: summary.finishedAt) + ".\n"
            if header.preview { text += previewBanner() + "\n" }
        }
        if let stop = summary.stopped { text += style.paint("STOPPED", .bold) + ": \(stop).\n" }
        try output.write(text)
        try output.close()
    }

    // MARK: - Pieces

    /// A value from the run made safe for a terminal (``TerminalText``): control characters
    /// from the input never reach it raw, wherever this report is read.
    private func t(_ value: String) -> String { TerminalText.escaped(value) }

    private func previewBanner() -> String {
        style.enabled ? style.paint(" PREVIEW — nothing was changed ", .banner) : "PREVIEW — nothing was changed"
    }

    private func colour(_ status: OutcomeStatus, _ text: String) -> String {
        switch status {
        case .succeeded: return style.paint(text, .green)
        case .failed: return style.paint(text, .red)
        case .skipped: return style.paint(text, .yellow)
        case .planned: return style.paint(text, .cyan)
        case .unchanged: return style.paint(text, .dim)
        }
    }

    /// The pieces and a line end, as they are when their width fits in `room` (the common
    /// case), else their text wrapped to `room` with `continuation` before each further line.
    private func appendWrapped(_ pieces: [String], room: Int, continuation: String, into out: inout TextBytes) {
        if pieces.reduce(0, { $0 + DisplayWidth.of($1) }) <= room {
            for piece in pieces { out.append(piece) }
        } else {
            out.append(DisplayWidth.wrap(pieces.joined(), width: room).joined(separator: "\n" + continuation))
        }
        out.append("\n")
    }

    /// One detail line with a one-character marker, continuation lines under the text. The
    /// text comes in pieces, appended as they are when the line fits (the common case).
    private func detail(_ marker: String, _ pieces: [String], tone: TerminalStyle.Tone = .plain,
                        into out: inout TextBytes) {
        out.append(detailPad)
        out.append(style.paint(marker, tone))
        out.append(" ")
        appendWrapped(pieces, room: width - detailIndent - 2, continuation: detailPad + "  ", into: &out)
    }

    private func licenseLines(_ outcome: UserOutcome, into out: inout TextBytes) {
        let verb = outcome.status == .planned ? ("will add ", "will remove ") : ("added ", "removed ")
        let groups: [(String, String, [LicenseChange], TerminalStyle.Tone)] = [
            ("+", verb.0, outcome.added, .green),
            ("-", verb.1, outcome.removed, .yellow),
            ("=", "kept ", outcome.unchanged, .dim),
        ]
        for (marker, word, changes, tone) in groups {
            for change in changes {
                detail(marker, [word] + ReportVocabulary.productPieces(displayName: t(change.displayName),
                                                                      partNumber: t(change.partNumber)),
                       tone: tone, into: &out)
                if !change.disabledPlans.isEmpty {
                    detail(" ", ["disabled plans: ", t(change.disabledPlans.joined(separator: ", "))], into: &out)
                }
            }
        }
    }

    private func violationLines(_ violation: Violation, status: OutcomeStatus, into out: inout TextBytes) {
        let tone: TerminalStyle.Tone = ReportVocabulary.violationsAreErrors(status) ? .red : .yellow
        detail("!", [ReportVocabulary.violationKind(status), " ", violation.code.rawValue, ": ", t(violation.message)],
               tone: tone, into: &out)
        if let fix = violation.fix { detail(" ", ["fix: ", t(fix)], into: &out) }
        let place = ReportVocabulary.place(violation)
        if !place.isEmpty { detail(" ", ["at ", t(place)], into: &out) }
    }

    /// Per customer, per product: purchased, assigned before → after, free, and what to buy.
    /// Each number column is as wide as its widest figure (a million seats do not run into
    /// the next column), at least as wide as its heading.
    ///
    /// ```
    ///   Product                             Bought  Before →  After   Free
    ///   Microsoft 365 E3 (SPE_E3)               25      20 →     25      0  Buy 3 more
    ///   Office 365 E3 (ENTERPRISEPACK)           5       8 →      8      0  over-assigned by 3
    /// ```
    private func seatTables(_ products: [ProductTotals]) -> String {
        let nameWidth = width - 50
        var text = ""
        var start = products.startIndex
        while start < products.endIndex {
            let customerID = products[start].customerID
            let end = products[start...].firstIndex { $0.customerID != customerID } ?? products.endIndex
            let rows = products[start..<end].map { totals in
                (totals, [totals.purchased, totals.assignedBefore, totals.assignedAfter, totals.availableAfter]
                    .map(ReportVocabulary.count))
            }
            // Bought, Before, After, Free: the widest figure or heading, and the gap before it.
            let headings = ["Bought", "Before", "After", "Free"], gaps = [2, 2, 1, 3]
            let widths = headings.indices.map { column in
                gaps[column] + rows.reduce(DisplayWidth.of(headings[column])) { max($0, DisplayWidth.of($1.1[column])) }
            }
            func line(_ name: String, _ cells: [String]) -> String {
                "  " + DisplayWidth.padded(name, to: nameWidth) + DisplayWidth.rightAligned(cells[0], to: widths[0])
                    + DisplayWidth.rightAligned(cells[1], to: widths[1]) + " → "
                    + DisplayWidth.rightAligned(cells[2], to: widths[2]) + DisplayWidth.rightAligned(cells[3], to: widths[3])
            }
            text += "\n" + style.paint("Seats of \(t(customerID))", .bold) + "\n" + line("Product", headings) + "\n"
            for (totals, cells) in rows {
                let name = ReportVocabulary.product(displayName: t(totals.displayName), partNumber: t(totals.partNumber))
                var nameCell = name
                if DisplayWidth.of(name) > nameWidth - 1 {
                    text += "  " + name + "\n"
                    nameCell = ""
                }
                text += line(nameCell, cells)
                if ReportVocabulary.isShort(totals) { text += "  " + style.paint(ReportVocabulary.seatNote(totals), .red) }
                text += "\n"
            }
            start = end
        }
        return text
    }
}

/// UTF-8 being assembled for one write. Appending a String copies its bytes; joining the
/// pieces as Strings first cost about 350 instructions a piece (each `+` examined both sides),
/// a fifth of planning a user.
struct TextBytes {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(512) }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }
}
