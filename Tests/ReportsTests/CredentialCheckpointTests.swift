import Foundation
import Provisioning
import Testing
@testable import Reports

/// What a killed job leaves in its credentials sheet: every password added before the last
/// checkpoint, and an existing sheet is never opened when asked not to replace it.
@Suite struct CredentialCheckpointTests {
    private static var options: CredentialSheetOptions {
        CredentialSheetOptions(issuedAt: SampleRun.started, random: RandomSource(SeededRandom(state: 1)))
    }

    @Test(arguments: ["sheet.csv", "sheet.html"])
    func aCheckpointPutsTheCredentialsInTheFileBeforeTheSheetEnds(name: String) throws {
        let directory = try CredentialFileTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/" + name
        let sink = try makeCredentialSink(path: path, options: Self.options)
        let credential = try #require(SampleRun.applied.credentials.first)
        try sink.add(credential)
        try sink.checkpoint()
        // The sheet is not finished (as when the job is killed now), yet the password is there.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(credential.password.reveal()))
        try sink.finish()
    }

    @Test func aSheetThatMustNotReplaceAFileRefusesOneThatExists() throws {
        let directory = try CredentialFileTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/sheet.csv"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("earlier passwords".utf8)))
        #expect(throws: ReportError.cannotOpen(path: path, errno: EEXIST)) {
            _ = try makeCredentialSink(path: path, options: Self.options, replacing: false)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "earlier passwords")
    }
}

/// Passwords formatted before the store's commit and written in one go after it.
@Suite struct CredentialDeliveryTests {
    @Test(arguments: ["sheet.csv", "sheet.html"])
    func onlyTheKeptCredentialsReachTheFileAndThenAtOnce(name: String) throws {
        let directory = try CredentialFileTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/" + name
        let sink = try makeCredentialSink(path: path, options: CredentialSheetOptions(issuedAt: SampleRun.started,
                                                                                     random: RandomSource(SeededRandom(state: 1))))
        let credentials = SampleRun.applied.credentials
        try #require(credentials.count >= 2)
        let before = (try? Data(contentsOf: URL(fileURLWithPath: path)))?.count ?? 0
        let prepared = try sink.prepare(credentials)
        #expect(prepared.chunks?.count == credentials.count)
        #expect(((try? Data(contentsOf: URL(fileURLWithPath: path)))?.count ?? 0) == before, "prepare writes nothing")
        try sink.deliver(prepared, keeping: [1])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(credentials[1].password.reveal()))
        #expect(!text.contains(credentials[0].password.reveal()), "a credential the store refused is dropped")
        try sink.finish()
    }
}

/// The sheet's header is not part of any user's prepared row: a group whose first user the
/// store refused still leaves a sheet that starts with the header.
@Suite struct CredentialHeaderTests {
    @Test func headerSurvivesARefusedFirstUser() throws {
        let output = ReportOutput.memory()
        let sink = CredentialsCSV(output: output)
        let credentials = Array(SampleRun.applied.credentials.prefix(2))
        let prepared = try sink.prepare(credentials)
        try sink.deliver(prepared, keeping: [1])
        try sink.finish()
        let rows = SimpleCSV.parse(output.bytes)
        #expect(rows.first == CredentialsCSV.columns)
        #expect(rows.count == 2)
        #expect(rows.last?[2] == credentials[1].userPrincipalName)
    }
}
