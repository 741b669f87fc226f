import Testing
import Provisioning
@testable import Reports

/// ``TerminalText``: the one rendering of control characters for the terminal.
@Suite struct TerminalTextTests {
    @Test(arguments: [
        ("plain text, 陳怡君 · → —", false, "plain text, 陳怡君 · → —"),
        ("red \u{1B}[31mtext", false, "red \\x1b[31mtext"),
        ("bell\u{07} nul\u{00} del\u{7F}", false, "bell\\x07 nul\\x00 del\\x7f"),
        ("csi \u{9B}2J next\u{85}line", false, "csi \\u009b2J next\\u0085line"),
        ("bidi \u{202E}evil\u{2066}\u{200F}", false, "bidi \\u202eevil\\u2066\\u200f"),
        ("tab\tline\nreturn\r", false, "tab\\tline\\nreturn\\r"),
        ("tab\tline\nreturn\r", true, "tab\tline\nreturn\\r"),
        ("no-break\u{A0}space ©", false, "no-break\u{A0}space ©"),
    ])
    func controlCharactersAreShownAsEscapes(text: String, keepingLineBreaks: Bool, expected: String) {
        #expect(TerminalText.escaped(text, keepingLineBreaks: keepingLineBreaks) == expected)
    }

    /// The text report of a user whose name and errors carry ESC, BEL and NUL has no control
    /// byte but the line ends.
    @Test func theTextReportHasNoControlBytes() throws {
        var run = SampleRun.applied
        run.outcomes = [UserOutcome(customerID: "contoso\u{1B}[2J", userPrincipalName: "x\u{07}@contoso.com",
                                    displayName: "Name \u{1B}]0;title\u{07}\u{00}", action: .update,
                                    sources: [SourceLocation(file: "in\u{1B}.csv", line: 2)], status: .failed,
                                    errors: [Violation(.invalidInput, "bad '\u{1B}[5m'", fix: "fix \u{9B}")])]
        let text = String(decoding: try run.render(.text), as: UTF8.self)
        #expect(!text.utf8.contains { $0 < 0x20 && $0 != 0x0A }, "\(text)")
        #expect(!text.unicodeScalars.contains { (0x80...0x9F).contains($0.value) })
        #expect(text.contains("Name \\x1b]0;title\\x07\\x00"))
    }
}
