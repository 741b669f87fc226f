import Foundation
import Testing

/// Expected-output files in `Tests/ReportsTests/Snapshots/`. A missing or different file
/// fails the test; `RECORD_SNAPSHOTS=1 swift test …` writes the files instead.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Snapshots")

    static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" }

    /// Compares `bytes` with the snapshot `name`, or records it.
    static func check(_ bytes: [UInt8], named name: String,
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if recording {
            try Data(bytes).write(to: url)
            return
        }
        guard let expected = FileManager.default.contents(atPath: url.path) else {
            Issue.record("snapshot \(name) is missing; run with RECORD_SNAPSHOTS=1 to record it",
                         sourceLocation: sourceLocation)
            return
        }
        guard Array(expected) != bytes else { return }
        let actual = FileManager.default.temporaryDirectory.appendingPathComponent("actual-" + name)
        try Data(bytes).write(to: actual)
        let expectedLines = String(decoding: expected, as: UTF8.self).components(separatedBy: "\n")
        let actualLines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
        let index = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLines.count, actualLines.count)
        let want = index < expectedLines.count ? expectedLines[index] : "<end of file>"
        let got = index < actualLines.count ? actualLines[index] : "<end of file>"
        Issue.record("""
            snapshot \(name) differs at line \(index + 1):
              expected: \(want)
              actual:   \(got)
            actual output written to \(actual.path); RECORD_SNAPSHOTS=1 re-records
            """, sourceLocation: sourceLocation)
    }
}
