import Foundation

/// The built `provision` executable, run as a separate process: for behaviour that only the
/// real binary shows (signals, inherited descriptors, the process's exit status).
///
/// `swift build --build-tests` builds it next to the test bundle: the products directory is
/// the one holding `provisionPackageTests.xctest` (on Linux `Bundle.main.bundleURL` is that
/// directory or the bundle itself). `PROVISION_BINARY` overrides the search.
enum BuiltBinary {
    /// How a run ended and what it wrote.
    struct Run {
        /// The exit status, or the signal number when ``exited`` is false.
        var status: Int32
        /// Whether the process exited (rather than being killed by a signal).
        var exited: Bool
        /// What standard output carried, up to where the reader stopped.
        var output: Data
        /// Standard error, whole.
        var errors: String
    }

    struct NotFound: Error, CustomStringConvertible {
        var searched: [String]
        var description: String { "no provision executable in \(searched); run swift build --build-tests" }
    }

    /// The executable's path.
    static func path() throws -> String {
        if let given = ProcessInfo.processInfo.environment["PROVISION_BINARY"], !given.isEmpty { return given }
        var candidates: [URL] = []
        for start in [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments.first ?? "")] {
            var url = start
            for _ in 0..<3 {
                candidates.append(url.appendingPathComponent("provision"))
                url = url.deletingLastPathComponent()
            }
        }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate.path
            }
        }
        throw NotFound(searched: candidates.map(\.path))
    }

    /// Runs `provision arguments` in `directory` with exactly `environment`.
    /// - Parameters:
    ///   - closeOutputAfter: read this many bytes of standard output, then close the reading
    ///     end (as `| head -c N` does); `nil` reads it to the end.
    ///   - input: standard input's bytes (a pipe, closed after them); `nil` is /dev/null.
    static func run(_ arguments: [String], in directory: String, environment: [String: String],
                    closeOutputAfter: Int? = nil, input: Data? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path())
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let output = Pipe()
        process.standardOutput = output
        // Standard error to a file: a pipe nobody reads could fill and stall the child.
        let errorsPath = directory + "/.stderr-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: errorsPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorsPath) }
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorsPath))
        process.standardError = errors
        let inputPipe = input.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        try process.run()
        if let inputPipe, let input {
            try inputPipe.fileHandleForWriting.write(contentsOf: input)
            try inputPipe.fileHandleForWriting.close()
        }
        try errors.close()
        var collected = Data()
        let reader = output.fileHandleForReading
        while closeOutputAfter.map({ collected.count < $0 }) ?? true {
            guard let chunk = try reader.read(upToCount: closeOutputAfter.map { $0 - collected.count } ?? 65_536),
                  !chunk.isEmpty else { break }
            collected.append(chunk)
        }
        try reader.close()
        process.waitUntilExit()
        let errorText = (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? ""
        return Run(status: process.terminationStatus, exited: process.terminationReason == .exit,
                   output: collected, errors: errorText)
    }
}
