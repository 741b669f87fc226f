import Foundation
import Provisioning
import Testing
@testable import Reports

/// Credentials sheets are private files: mode 0600 from creation, also when re-written.
@Suite struct CredentialFileTests {
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "reports-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private static func mode(_ path: String) -> mode_t {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return info.st_mode & 0o777
    }

    private static func options(mailTo: String? = nil) throws -> CredentialSheetOptions {
        CredentialSheetOptions(issuedAt: SampleRun.started, mailTo: try mailTo.map(MailAddress.init),
                               random: RandomSource(SeededRandom(state: 1)))
    }

    private static func write(_ path: String, mailTo: String? = nil) throws {
        let sink = try makeCredentialSink(path: path, options: options(mailTo: mailTo))
        for credential in SampleRun.applied.credentials { try sink.add(credential) }
        try sink.finish()
    }

    @Test(arguments: ["sheet.csv", "sheet.html", "sheet.eml"])
    func newSheetIsPrivate(name: String) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/" + name
        let previous = umask(0)   // even with a permissive umask
        defer { umask(previous) }
        try Self.write(path, mailTo: name.hasSuffix(".eml") ? "helpdesk@contoso.com" : nil)
        #expect(Self.mode(path) == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("Xk7#mP2qR9$vL4wz"))
    }

    @Test(arguments: ["sheet.csv", "sheet.html", "sheet.eml"])
    func rewrittenSheetBecomesPrivate(name: String) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/" + name
        #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x41, count: 100_000),
                                               attributes: [.posixPermissions: 0o644]))
        try Self.write(path, mailTo: name.hasSuffix(".eml") ? "helpdesk@contoso.com" : nil)
        #expect(Self.mode(path) == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("AAAA"), "the old content must be truncated")
    }

    @Test func symbolicLinkIsRefused() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/target.txt"
        #expect(FileManager.default.createFile(atPath: target, contents: Data("keep".utf8)))
        try FileManager.default.createSymbolicLink(atPath: directory + "/sheet.csv", withDestinationPath: target)
        #expect(throws: ReportError.self) { try Self.write(directory + "/sheet.csv") }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")
    }

    @Test func messageNeedsARecipientAndOnlyAMessageTakesOne() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: ReportError.missingRecipient) { try Self.write(directory + "/a.eml") }
        #expect(throws: ReportError.recipientNeedsMessageFormat) {
            try Self.write(directory + "/a.csv", mailTo: "helpdesk@contoso.com")
        }
        #expect(throws: ReportError.unknownCredentialFormat("pdf")) { try Self.write(directory + "/a.pdf") }
        #expect(!FileManager.default.fileExists(atPath: directory + "/a.eml"))
    }

    @Test func reportFilesAreNotPrivate() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let previous = umask(0o022)
        defer { umask(previous) }
        let output = try ReportOutput.file(atPath: directory + "/report.html")
        try SampleRun.applied.play(into: makeReportSink(format: .html, output: output, temporaryDirectory: directory))
        #expect(Self.mode(directory + "/report.html") == 0o644)
        // The spool file is unlinked at once: nothing is left beside the report.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["report.html"])
    }
}
