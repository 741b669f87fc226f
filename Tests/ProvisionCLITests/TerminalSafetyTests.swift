import Foundation
import Testing
@testable import ProvisionCLI

/// Control characters from input (ESC sequences, BEL, NUL, C1) never reach the terminal raw:
/// not in the text report, not in `inspect`, not in an error that quotes a value.
@Suite struct TerminalSafetyTests {
    /// Names and cells with an ESC sequence (SGR red, a window title), BEL, NUL, DEL and CSI (U+009B).
    static let hostile = "UserPrincipalName,DisplayName,Department\n"
        + "\"esc\u{1B}[31m@contoso.com\",Bell\u{07}Name,Dept\u{00}\n"
        + "red.name@contoso.com,\"Red \u{1B}[31mName\u{1B}]0;owned\u{07}\",Sales\u{7F}\u{9B}2J\n"

    /// One store for the corpus previews, which write nothing.
    nonisolated(unsafe) static let corpusWorkspace = try? OutputSafetyTests.workspace().0

    /// The bytes of `text` that a terminal would obey: below 0x20 except line feed and tab.
    static func controlBytes(_ text: String) -> [UInt8] {
        text.utf8.filter { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 } + (text.unicodeScalars.contains { (0x80...0x9F).contains($0.value) } ? [0x9B] : [])
    }

    @Test func theTextReportShowsControlCharactersEscaped() throws {
        let (workspace, _) = try OutputSafetyTests.workspace()
        _ = workspace.write("hostile.csv", Self.hostile)
        let result = workspace.run(["apply", "hostile.csv", "--customer", "contoso", "--dry-run"])
        #expect(Self.controlBytes(result.output).isEmpty, "\(Array(result.output.utf8))")
        #expect(Self.controlBytes(result.errors).isEmpty, "\(Array(result.errors.utf8))")
        #expect(result.output.contains("Red \\x1b[31mName\\x1b]0;owned\\x07"), "\(result.output)")
        #expect(result.output.contains("esc\\x1b[31m@contoso.com"), "\(result.output)")
    }

    @Test func inspectShowsControlCharactersEscaped() throws {
        let (workspace, _) = try OutputSafetyTests.workspace()
        _ = workspace.write("hostile.csv", Self.hostile)
        let result = workspace.run(["inspect", "hostile.csv"])
        #expect(Self.controlBytes(result.output + result.errors).isEmpty, "\(result.output)")
        #expect(result.output.contains("Bell\\x07Name | Dept\\x00"), "\(result.output)")
        #expect(result.output.contains("Sales\\x7f\\u009b2J"), "\(result.output)")
    }

    /// Every file of the hostile corpus, through `inspect` and a text-report preview: no
    /// control byte reaches the terminal, whatever the file holds (NULs, ESC, binary garbage).
    @Test(arguments: BadInputCorpusTests.files)
    func noCorpusFileReachesTheTerminalRaw(file: String) throws {
        let workspace = try #require(Self.corpusWorkspace)
        let path = BadInputCorpusTests.folder + "/" + file
        for arguments in [["inspect", path], ["plan", path, "--customer", "contoso"]] {
            let result = workspace.run(arguments)
            #expect(Self.controlBytes(result.output + result.errors).isEmpty, "\(arguments[0]) \(file)")
        }
    }

    @Test(arguments: [
        // An unknown customer, an option's value, a header the intake refuses, an unknown command.
        (["apply", "users.csv", "--customer", "no\u{1B}[2Jsuch"], "unknown customer 'no\\x1b[2Jsuch'"),
        (["apply", "users.csv", "--customer", "contoso", "--format", "x\u{07}"], "'x\\x07' is not one of"),
        (["apply", "bad-header.csv", "--customer", "contoso"], "control character U+001B"),
        (["apply", "unused.csv", "--customer", "contoso", "--dry-run"], "'Fax\\u202e'"),
        (["nosuch\u{1B}[31m"], "unknown command 'nosuch\\x1b[31m'"),
    ])
    func errorsThatQuoteAValueEscapeIt(arguments: [String], fragment: String) throws {
        let (workspace, _) = try OutputSafetyTests.workspace()
        _ = workspace.write("bad-header.csv", "UserPrincipalName,Display\u{1B}[31mName\nsafe.user@contoso.com,Safe\n")
        _ = workspace.write("unused.csv", "UserPrincipalName,DisplayName,Fax\u{202E}\nsafe.user@contoso.com,Safe,1\n")
        let result = workspace.run(arguments)
        #expect(Self.controlBytes(result.output + result.errors).isEmpty, "\(Array(result.errors.utf8))")
        #expect(!(result.output + result.errors).contains("\u{202E}"))
        #expect((result.output + result.errors).contains(fragment), "\(result.errors)")
    }
}
