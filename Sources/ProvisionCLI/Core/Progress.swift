import Foundation

/// Progress of a long run on standard error: rows read, users planned or applied, the rate,
/// and the time left when the total is known.
///
/// On a terminal it is one line redrawn in place (`\r`, then erase to the end of the line),
/// at most ten times a second; otherwise (a log file, cron) a full line every few seconds,
/// so that logs stay short. A run shorter than the first interval prints nothing at all.
/// `--quiet` turns it off. The clock is injected, so tests drive the time.
///
/// ```
/// provision: 12,000 rows read · 11,900 users applied (of 100,000, 11%) · 8,200/s · ETA 0:11
/// ```
///
/// Not thread-safe: call it from the thread that runs the job. It never prints user data,
/// only counts.
public final class Progress {
    private let output: OutputSink
    private let enabled: Bool
    private let isTerminal: Bool
    private let clock: @Sendable () -> Date
    private let noun: String
    private let lineInterval: TimeInterval
    private let redrawInterval: TimeInterval

    /// How many the main counter will reach, when known: enables the percentage and the ETA.
    public var total: Int?

    private let started: Date
    private var count = 0
    private var rowsRead: Int?
    private var lastShown: Date
    private var shownAnything = false
    private var finished = false

    /// Creates a progress line.
    /// - Parameters:
    ///   - output: where to write (standard error).
    ///   - enabled: `false` for `--quiet`: nothing is ever written.
    ///   - isTerminal: redraw one line in place instead of writing lines.
    ///   - clock: the current time.
    ///   - noun: what the main counter counts, e.g. `users applied`.
    ///   - total: the main counter's final value, when known.
    ///   - lineInterval: seconds between lines when not on a terminal.
    ///   - redrawInterval: seconds between redraws on a terminal.
    public init(output: OutputSink, enabled: Bool, isTerminal: Bool, clock: @escaping @Sendable () -> Date,
                noun: String, total: Int? = nil, lineInterval: TimeInterval = 5, redrawInterval: TimeInterval = 0.1) {
        self.output = output
        self.enabled = enabled
        self.isTerminal = isTerminal
        self.clock = clock
        self.noun = noun
        self.total = total
        self.lineInterval = lineInterval
        self.redrawInterval = redrawInterval
        started = clock()
        lastShown = started
    }

    /// Progress for a command: standard error, off with `--quiet`, in place on a terminal.
    public convenience init(context: CommandContext, noun: String, total: Int? = nil) {
        self.init(output: context.errors, enabled: !context.quiet, isTerminal: context.errors.isTerminal,
                  clock: context.clock, noun: noun, total: total)
    }

    /// Sets the main counter (users planned or applied so far) and shows it when it is time.
    public func update(_ count: Int) {
        self.count = count
        showIfDue()
    }

    /// Sets the number of input rows read so far and shows it when it is time.
    public func update(rowsRead: Int) {
        self.rowsRead = rowsRead
        showIfDue()
    }

    /// Ends the line: a final summary with the elapsed time when progress was shown at all,
    /// nothing for a short run. Later calls do nothing.
    public func finish() {
        guard enabled, !finished else { return }
        finished = true
        guard shownAnything else { return }
        let elapsed = clock().timeIntervalSince(started)
        var line = "provision: " + counters(withTotal: false) + " in " + Progress.duration(elapsed)
        if let rate = rate(elapsed: elapsed) { line += " (" + Progress.grouped(Int(rate.rounded())) + "/s)" }
        output.write(isTerminal ? "\r" + line + "\u{1B}[K\n" : line + "\n")
    }

    /// Erases the line on a terminal, before other output goes to the same screen; the next
    /// update draws it again.
    public func clear() {
        guard enabled, isTerminal, shownAnything, !finished else { return }
        output.write("\r\u{1B}[K")
    }

    // MARK: - Drawing

    private func showIfDue() {
        guard enabled, !finished else { return }
        let now = clock()
        let interval = isTerminal ? redrawInterval : lineInterval
        guard now.timeIntervalSince(lastShown) >= interval else { return }
        lastShown = now
        shownAnything = true
        let line = "provision: " + status(elapsed: now.timeIntervalSince(started))
        output.write(isTerminal ? "\r" + line + "\u{1B}[K" : line + "\n")
    }

    /// `12,000 rows read · 11,900 users applied (of 100,000, 11%) · 8,200/s · ETA 0:11`.
    func status(elapsed: TimeInterval) -> String {
        var parts = [counters(withTotal: true)]
        if let rate = rate(elapsed: elapsed) {
            parts.append(Progress.grouped(Int(rate.rounded())) + "/s")
            let done = count > 0 ? count : (rowsRead ?? 0)
            if let total, total > done, rate > 0 {
                parts.append("ETA " + Progress.clockTime(Double(total - done) / rate))
            }
        }
        return parts.joined(separator: " · ")
    }

    private func counters(withTotal: Bool) -> String {
        var parts: [String] = []
        if let rowsRead { parts.append(Progress.grouped(rowsRead) + " rows read") }
        if count > 0 || rowsRead == nil {
            var main = Progress.grouped(count) + " " + noun
            if withTotal, let total, total > 0 {
                main += " (of \(Progress.grouped(total)), \(min(100, count * 100 / total))%)"
            }
            parts.append(main)
        }
        return parts.joined(separator: " · ")
    }

    /// Items per second of the main counter, or of rows read before the first user; `nil`
    /// in the first half second, when a rate would mean little.
    private func rate(elapsed: TimeInterval) -> Double? {
        guard elapsed >= 0.5 else { return nil }
        let done = count > 0 ? count : (rowsRead ?? 0)
        return done > 0 ? Double(done) / elapsed : nil
    }

    // MARK: - Formats

    /// `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value.magnitude))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return value < 0 ? "-" + text : text
    }

    /// `0:11`, `12:05`, `1:02:03`.
    static func clockTime(_ seconds: TimeInterval) -> String {
        let total = Int(seconds.rounded(.up))
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        let ss = s < 10 ? "0\(s)" : "\(s)"
        if h > 0 { return "\(h):" + (m < 10 ? "0\(m)" : "\(m)") + ":" + ss }
        return "\(m):" + ss
    }

    /// `45s`, `2m 05s`, `1h 02m`.
    static func duration(_ seconds: TimeInterval) -> String {
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        if h > 0 { return "\(h)h " + (m < 10 ? "0\(m)" : "\(m)") + "m" }
        if m > 0 { return "\(m)m " + (s < 10 ? "0\(s)" : "\(s)") + "s" }
        return "\(s)s"
    }
}
