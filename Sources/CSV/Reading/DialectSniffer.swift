/// Finds Excel's `sep=X` first line and sniffs the delimiter from the header line.
///
/// Rules (also in `docs/csv.md`):
/// - A first line that is exactly `sep=` (any case) plus one character other than a quote or a
///   line break, ended by a line break or the end of the input, names the delimiter and is skipped.
/// - Otherwise the delimiter is the candidate (`,` `;` tab `|`) that occurs most often outside
///   quotes in the sniffed line; ties go to the first in that order and are reported. The
///   sniffed line is the first non-blank line; without a header (``CSVReadOptions/hasHeader``
///   false) it is the first of the first two non-blank lines that holds a candidate, so that a
///   one-line preamble such as Entra's `version:v1.0` is passed over. No candidate: `,`.
/// - A quote opens a quoted section only at the start of the line or right after a candidate.
enum DialectSniffer {
    /// What the start of the input says about the dialect.
    struct Analysis: Equatable {
        /// The delimiter named by a `sep=` line.
        var sepDelimiter: UInt8?
        /// Bytes of the `sep=` line, its line break included (0 without one).
        var sepLineLength = 0
        /// Line breaks in the `sep=` line (0 or 1).
        var sepLineBreaks = 0
        /// The sniffed delimiter, or `nil` when no line held a candidate.
        var sniffed: UInt8?
        /// Candidates tied with the sniffed one at the highest count (empty when not tied).
        var tied: [UInt8] = []
    }

    /// The candidate delimiters in tie-breaking order.
    static let candidates: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]

    /// Analyses the decoded start of the input.
    /// - Parameters:
    ///   - bytes: the decoded bytes read so far.
    ///   - isComplete: whether no more bytes will come (end of input or sniffing window full).
    ///   - hasHeader: whether the first record is the header.
    /// - Returns: the analysis, or `nil` when more bytes are needed to decide.
    static func analyze(_ bytes: [UInt8], isComplete: Bool, hasHeader: Bool) -> Analysis? {
        var analysis = Analysis()
        guard let sep = sepLine(bytes, isComplete: isComplete) else { return nil }
        if let sep {
            analysis.sepDelimiter = sep.delimiter
            analysis.sepLineLength = sep.length
            analysis.sepLineBreaks = sep.breaks
        }
        var index = analysis.sepLineLength
        let linesToTry = hasHeader ? 1 : 2
        var tried = 0
        while tried < linesToTry {
            while index < bytes.count, bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
            if index == bytes.count { return isComplete ? analysis : nil }
            guard let (counts, next) = countLine(bytes, from: index) else {
                if !isComplete { return nil }
                let (counts, _) = countLine(bytes, from: index, toEnd: true) ?? ([0, 0, 0, 0], bytes.count)
                decide(counts, into: &analysis)
                return analysis
            }
            tried += 1
            if decide(counts, into: &analysis) { return analysis }
            index = next
        }
        return analysis
    }

    /// Sets the sniffed delimiter from `counts`; returns whether any candidate occurred.
    @discardableResult
    private static func decide(_ counts: [Int], into analysis: inout Analysis) -> Bool {
        guard let best = counts.max(), best > 0, let first = counts.firstIndex(of: best) else { return false }
        analysis.sniffed = candidates[first]
        let tied = counts.indices.filter { counts[$0] == best }.map { candidates[$0] }
        analysis.tied = tied.count > 1 ? tied : []
        return true
    }

    /// Counts candidates outside quotes in the line starting at `start`.
    /// - Returns: the counts and the index after the line break, or `nil` when the line does not
    ///   end within `bytes` (unless `toEnd`, which counts to the end).
    private static func countLine(_ bytes: [UInt8], from start: Int, toEnd: Bool = false) -> ([Int], Int)? {
        var counts = [0, 0, 0, 0]
        var inQuotes = false
        var atFieldStart = true
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == 0x22 {
                    if index + 1 < bytes.count, bytes[index + 1] == 0x22 { index += 1 } else { inQuotes = false }
                }
            } else if byte == 0x0A || byte == 0x0D {
                return (counts, index + 1)
            } else if let which = candidates.firstIndex(of: byte) {
                counts[which] += 1
                atFieldStart = true
                index += 1
                continue
            } else if byte == 0x22 && atFieldStart {
                inQuotes = true
            }
            atFieldStart = false
            index += 1
        }
        return toEnd ? (counts, index) : nil
    }

    /// The `sep=` line at the start: `.some(nil)` when there is none, `nil` when undecided yet.
    private static func sepLine(_ bytes: [UInt8], isComplete: Bool) -> (delimiter: UInt8, length: Int, breaks: Int)?? {
        let prefix: [UInt8] = Array("sep=".utf8)
        for (k, expected) in prefix.enumerated() {
            if k == bytes.count { return isComplete ? .some(nil) : nil }
            let byte = k < 3 ? bytes[k] | 0x20 : bytes[k]
            if byte != expected { return .some(nil) }
        }
        if bytes.count == 4 { return isComplete ? .some(nil) : nil }
        let delimiter = bytes[4]
        if delimiter == 0x22 || delimiter == 0x0A || delimiter == 0x0D || delimiter >= 0x80 { return .some(nil) }
        if bytes.count == 5 { return isComplete ? .some((delimiter, 5, 0)) : nil }
        switch bytes[5] {
        case 0x0A:
            return .some((delimiter, 6, 1))
        case 0x0D:
            if bytes.count == 6 { return isComplete ? .some((delimiter, 6, 1)) : nil }
            return .some((delimiter, bytes[6] == 0x0A ? 7 : 6, 1))
        default:
            return .some(nil)
        }
    }
}
