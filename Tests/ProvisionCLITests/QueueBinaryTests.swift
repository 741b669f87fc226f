import Foundation
import Testing

/// `submit`, `worker` and `jobs` through the real `provision` executable: help pages, JSON that
/// parses, a worker run, and a worker stopped by SIGTERM exiting 0.
@Suite(.serialized) struct QueueBinaryTests {
    typealias Folder = UnattendedSafetyBinaryTests.Folder

    @Test func theQueueCommandsRunThroughTheBinaryWithHelpAndJSON() throws {
        let folder = try Folder()
        folder.write("users.csv", "Customer,UserPrincipalName,DisplayName,Licenses\ncontoso,q1@contoso.com,Q One,SPE_E3\n"
                     + "fabrikam,q2@fabrikam.de,Q Two,SPE_E3\n")
        for path in [["submit"], ["worker"], ["jobs", "list"], ["jobs", "show"], ["jobs", "report"]] {
            let help = try folder.run(path + ["--help"])
            #expect(help.status == 0 && String(decoding: help.output, as: UTF8.self).hasPrefix("usage: provision \(path.joined(separator: " "))"),
                    "\(path) --help: \(help.errors)")
        }
        let submitted = try folder.run(["submit", "users.csv", "--format", "json"])
        #expect(submitted.exited && submitted.status == 0, "\(submitted.errors)")
        let jobs = (try JSONSerialization.jsonObject(with: submitted.output) as? [String: Any])?["jobs"] as? [[String: Any]]
        #expect(jobs?.count == 2)
        let worked = try folder.run(["worker", "--once", "--concurrency", "2"])
        #expect(worked.exited && worked.status == 0, "\(worked.errors)")
        #expect(worked.errors.contains("job 1 (contoso, attempt 1): done") && worked.errors.contains("job 2 (fabrikam, attempt 1): done"))
        let listed = try JSONSerialization.jsonObject(with: try folder.run(["jobs", "list", "--format", "json"]).output) as? [[String: Any]]
        #expect(listed?.map { $0["status"] as? String } == ["done", "done"])
        let shown = try JSONSerialization.jsonObject(with: try folder.run(["jobs", "show", "2", "--format", "json"]).output) as? [String: Any]
        #expect(shown?["customer"] as? String == "fabrikam" && shown?["status"] as? String == "done")
        let report = try JSONSerialization.jsonObject(with: try folder.run(["jobs", "report", "1", "--format", "json"]).output) as? [String: Any]
        #expect(report?["schemaVersion"] != nil, "the apply report's JSON document")
        #expect(folder.exists("provision.sqlite.credentials/job-1-credentials.csv"))
    }

    @Test func aWorkerStoppedBySIGTERMStopsClaimingAndExitsZero() throws {
        let folder = try Folder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltBinary.path())
        process.arguments = ["worker", "--poll", "1"]
        process.environment = folder.environment
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait for its first line (the slots are open), then ask it to stop.
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("\n") {
            // (availableData returns what the pipe holds; read(upToCount:) would wait for the whole count.)
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        #expect(String(decoding: seen, as: UTF8.self).hasPrefix("Worker "), "\(String(decoding: seen, as: UTF8.self))")
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!process.isRunning, "still running 15 s after SIGTERM")
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }
}
