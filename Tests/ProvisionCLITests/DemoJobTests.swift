import Foundation
import Testing
@testable import ProvisionCLI

/// The README's main job, run in-process in a temporary directory with a fixed clock.
@Suite struct DemoJobTests {
    static let sampleData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SampleData").path

    func run(_ arguments: [String], in directory: String) -> (ExitCode, String, String) {
        let out = OutputSink(), err = OutputSink()
        let code = ProvisionTool.main(arguments: arguments + ["--now", "2026-11-21T09:00:00Z"],
                                      environment: ["PROVISION_SAMPLE_DATA": Self.sampleData, "NO_COLOR": "1"],
                                      output: out, errors: err, currentDirectory: directory, clock: { Date(timeIntervalSince1970: 0) })
        return (code, out.text, err.text)
    }

    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func demoProvisionsTheSampleFileAndASecondRunChangesNothing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (code, text, _) = run(["demo", "--quiet"], in: directory)
        #expect(code == .success)
        #expect(text.contains("created store"))
        #expect(text.contains("Buy 2 more"))
        #expect(text.contains("CountViolation"))
        #expect(text.contains("did you mean SPE_E3 or SPE_E5?"))
        #expect(text.contains("ProhibitedInUsageLocationViolation"))
        #expect(text.contains("3 temporary passwords written to out/credentials.html"))
        for name in ["report.html", "report.json", "report.csv", "credentials.html"] {
            #expect(FileManager.default.fileExists(atPath: "\(directory)/out/\(name)"), "\(name)")
        }
        let mode = try FileManager.default.attributesOfItem(atPath: "\(directory)/out/credentials.html")[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let json = try String(contentsOfFile: "\(directory)/out/report.json", encoding: .utf8)
        #expect(json.contains("\"schemaVersion\":2") || json.contains("\"schemaVersion\": 2"))

        let (again, secondText, _) = run(["demo", "--quiet"], in: directory)
        #expect(again == .success)
        #expect(!secondText.contains("succeeded  "), "nothing is applied twice")
        #expect(secondText.contains("unchanged  chiahui.lin@contoso.com"))
    }

    @Test func passwordsAppearOnlyInTheCredentialsSheet() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (code, text, errors) = run(["demo", "--quiet"], in: directory)
        #expect(code == .success)
        let sheet = try String(contentsOfFile: "\(directory)/out/credentials.html", encoding: .utf8)
        let passwords = sheet.components(separatedBy: "<span class=\"password\">").dropFirst()
            .compactMap { $0.components(separatedBy: "</span>").first }
            .map { $0.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                .replacingOccurrences(of: "&amp;", with: "&") }
        #expect(passwords.count == 3)
        #expect(passwords.allSatisfy { $0.count == 16 })
        var others = [text, errors]
        for name in ["report.html", "report.json", "report.csv"] {
            others.append(try String(contentsOfFile: "\(directory)/out/\(name)", encoding: .utf8))
        }
        let store = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/provision.sqlite"))
        others.append(String(decoding: store, as: UTF8.self))
        if let wal = FileManager.default.contents(atPath: "\(directory)/provision.sqlite-wal") {
            others.append(String(decoding: wal, as: UTF8.self))
        }
        for password in passwords {
            for other in others { #expect(!other.contains(password)) }
        }
    }
}
