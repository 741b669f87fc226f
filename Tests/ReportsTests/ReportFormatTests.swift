import Foundation
import Provisioning
import Testing
@testable import Reports

/// Choosing a format, fanning out to several reports, and the text layout.
@Suite struct ReportFormatTests {
    @Test(arguments: [
        ("out/report.txt", nil, ReportFormat.text), ("r.CSV", nil, .csv), ("r.json", nil, .json),
        ("r.html", nil, .html), ("r.htm", nil, .html), ("anything", "json", .json), ("r.txt", "HTML", .html),
    ] as [(String, String?, ReportFormat)])
    func formatComesFromNameOrExtension(path: String, name: String?, expected: ReportFormat) throws {
        #expect(try ReportFormat(path: path, explicitName: name) == expected)
    }

    @Test func unknownFormatsAreErrorsThatListTheKnownOnes() {
        #expect(throws: ReportError.unknownFormat(".pdf")) { try ReportFormat(path: "r.pdf") }
        #expect(throws: ReportError.unknownFormat("report")) { try ReportFormat(path: "report") }
        #expect(throws: ReportError.unknownFormat("xml")) { try ReportFormat(path: "r.txt", explicitName: "xml") }
        #expect(ReportError.unknownFormat("xml").description.contains("html (.html, .htm)"))
    }

    @Test func credentialFormatComesFromExtension() throws {
        #expect(try CredentialFormat(path: "c.eml") == .eml)
        #expect(try CredentialFormat(path: "c.HTM") == .html)
        #expect(try CredentialFormat(path: "c.csv") == .csv)
        #expect(throws: ReportError.self) { try CredentialFormat(path: "c.txt") }
    }

    @Test func fanOutFeedsEverySinkTheSameRun() throws {
        let first = ReportOutput.memory(), second = ReportOutput.memory()
        try SampleRun.applied.play(into: FanOutSink([JSONReport(output: first), JSONReport(output: second)]))
        #expect(first.bytes == second.bytes)
        #expect(first.bytes == (try SampleRun.applied.render(.json)))
    }

    final class FailingSink: OutcomeSink {
        func begin(_ header: RunHeader) throws {}
        func add(_ outcome: UserOutcome) throws {}
        func finish(_ summary: RunSummary) throws { throw ReportError.ioFailed(path: "disk", errno: 28) }
    }

    @Test func fanOutFinishesTheOthersWhenOneFails() throws {
        let output = ReportOutput.memory()
        #expect(throws: ReportError.ioFailed(path: "disk", errno: 28)) {
            try SampleRun.applied.play(into: FanOutSink([FailingSink(), TextReport(output: output)]))
        }
        #expect(output.text.contains("Finished 2026-11-21"))
    }

    @Test(arguments: [false, true])
    func textFitsEightyColumns(preview: Bool) throws {
        let run = preview ? SampleRun.preview : SampleRun.applied
        let text = String(decoding: try run.render(.text), as: UTF8.self)
        for line in text.components(separatedBy: "\n") {
            #expect(DisplayWidth.of(line) <= 80, "too wide: \(line)")
        }
        #expect(!text.contains("\u{1B}["), "no colour unless asked")
        #expect(text.contains("PREVIEW — nothing was changed") == preview)
    }

    @Test func colourIsOnlyAddedWhenAsked() throws {
        let plain = String(decoding: try SampleRun.applied.render(.text), as: UTF8.self)
        let coloured = String(decoding: try SampleRun.applied.render(.text, color: true), as: UTF8.self)
        #expect(coloured.contains("\u{1B}[31m"))
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == plain)
    }

    @Test(arguments: [("abc", 3), ("陳大文", 6), ("김민준 Kim", 10), ("e\u{301}", 1), ("", 0), ("ｱ", 1), ("Ａ", 2),
                      ("a\u{302A}", 1), ("\u{3001}\u{302F}", 2)])
    func displayWidthCountsWideCharactersTwice(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    /// The scalar fast paths agree with the grapheme count on seeded random text drawn from
    /// ASCII, Latin-1, combining marks, kana (with the combining sound marks), Han, Hangul
    /// syllables and jamo, fullwidth forms, emoji and joiners.
    @Test func displayWidthFastPathsMatchGraphemeCount() {
        let pools: [ClosedRange<UInt32>] = [0x20...0x7E, 0xA0...0x2FF, 0x300...0x36F, 0x3000...0x30FF, 0x4DB0...0x4E10,
                                            0x9FF0...0xA010, 0xAC00...0xAC10, 0x1100...0x1110, 0x11A8...0x11B0,
                                            0xFF00...0xFF65, 0x1F300...0x1F310, 0x200B...0x200D, 0x0...0x1F]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<2_000 {
            var text = ""
            let count = next(12)
            let allowed = pools[0..<(1 + next(pools.count))]
            for _ in 0..<count {
                let pool = allowed[allowed.startIndex + next(allowed.count)]
                let value = pool.lowerBound + UInt32(next(Int(pool.upperBound - pool.lowerBound) + 1))
                if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
            }
            #expect(DisplayWidth.of(text) == DisplayWidth.graphemeWidth(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// Every scalar of the blocks the fast path counts, after and before a letter: a scalar that
    /// joins its neighbour into one grapheme must leave the fast path (U+302A–302F did not).
    @Test func displayWidthFastPathMatchesEveryScalarNextToALetter() {
        var wrong: [String] = []
        for range in [UInt32(0x20)...0x2FF, 0x3000...0xD7A3, 0xFF00...0xFF65] {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                for text in ["a" + String(scalar), String(scalar) + "a"]
                    where DisplayWidth.of(text) != DisplayWidth.graphemeWidth(text) {
                    wrong.append(String(value, radix: 16))
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
    }

    @Test func wrapBreaksAtSpacesAndInsideOverlongWords() {
        #expect(DisplayWidth.wrap("one two three", width: 7) == ["one two", "three"])
        #expect(DisplayWidth.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(DisplayWidth.wrap("陳大文陳大文", width: 5) == ["陳大", "文陳", "大文"])
    }
}

/// A password issued again after an interrupted run says so in every format.
@Suite struct PasswordReissueReportTests {
    @Test(arguments: [ReportFormat.text, .csv, .html, .json])
    func reissueIsNamed(format: ReportFormat) throws {
        var run = SampleRun.applied
        var outcome = UserOutcome(customerID: "contoso", userPrincipalName: "ann@contoso.com", displayName: "Ann",
                                  action: .create, sources: [SourceLocation(file: run.header.input, line: 2)],
                                  status: .succeeded, passwordIssued: true)
        outcome.passwordReissue = .undelivered
        run.outcomes = [outcome]
        // Words joined again where the text report wrapped the line.
        let text = String(decoding: try run.render(format), as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let expected = format == .json ? "\"passwordReissue\": \"undelivered\"" : "the interrupted run's was never delivered"
        #expect(text.contains(expected) || text.contains("the interrupted run&#39;s was never delivered"), "\(text)")
        let plain = String(decoding: try SampleRun.applied.render(format), as: UTF8.self)
        #expect(!plain.contains("passwordReissue") && !plain.contains("never delivered"))
    }
}
