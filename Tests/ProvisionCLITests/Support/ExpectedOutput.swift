import Foundation
import Testing

/// Expected-output files of the command line (help pages, completion scripts) in
/// `Tests/ProvisionCLITests/Fixtures/snapshots/`. A missing or different file fails the test
/// with the first differing line; `RECORD_SNAPSHOTS=1 swift test --filter ProvisionCLITests`
/// writes the files instead (then read the diff before committing).
enum ExpectedOutput {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/snapshots")

    /// Compares `text` with the file `name`, or records it when `RECORD_SNAPSHOTS=1`.
    static func check(_ text: String, file name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try Data(text.utf8).write(to: url)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("\(name) is missing; RECORD_SNAPSHOTS=1 records it", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != text else { return }
        let want = expected.components(separatedBy: "\n"), got = text.components(separatedBy: "\n")
        let line = (0..<max(want.count, got.count)).first { $0 >= want.count || $0 >= got.count || want[$0] != got[$0] } ?? 0
        Issue.record("""
            \(name) differs at line \(line + 1):
              expected: \(line < want.count ? want[line] : "<end>")
              actual:   \(line < got.count ? got[line] : "<end>")
            RECORD_SNAPSHOTS=1 re-records it
            """, sourceLocation: sourceLocation)
    }
}
