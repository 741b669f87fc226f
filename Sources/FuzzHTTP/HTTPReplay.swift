#if !FUZZING
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// The plain build's entry point (the fuzzing build links libFuzzer's `main` instead):
//   FuzzHTTP replay FILE|DIR...                        runs each input through the oracle
//   FuzzHTTP mutate --seconds N [--seed S] [--out DIR] [CORPUS_DIR...]
//                                                      seeded random mutation for N seconds,
//                                                      from the built-in seeds and the corpus
// A broken promise stops the process; the input is written to DIR/crash-<seed>-<n> first.

nonisolated(unsafe) private var savedInput = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 20)
nonisolated(unsafe) private var savedLength = 0
nonisolated(unsafe) private var savedPath = UnsafeMutablePointer<CChar>.allocate(capacity: 4096)

@main
enum HTTPReplay {
    /// Requests the mutator starts from (each after a settings byte).
    static let seeds: [String] = [
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST /upload?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nX-T: 1\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.0\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    ]

    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard let mode = arguments.first else { usage() }
        arguments.removeFirst()
        switch mode {
        case "replay": replay(arguments)
        case "mutate": mutate(arguments)
        default: usage()
        }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(Data("""
            usage: FuzzHTTP replay FILE|DIR...
                   FuzzHTTP mutate --seconds N [--seed S] [--out DIR] [CORPUS_DIR...]

            """.utf8))
        exit(2)
    }

    static func inputs(_ paths: [String]) -> [[UInt8]] {
        var found: [[UInt8]] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
                    .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.map { path + "/" + $0 }
                : [path]
            found += files.compactMap { FileManager.default.contents(atPath: $0).map(Array.init) }
        }
        return found
    }

    static func replay(_ paths: [String]) {
        let all = inputs(paths)
        for input in all { HTTPFuzzOracle.check(input) }
        print("\(all.count) inputs replayed, no failure")
    }

    static func mutate(_ arguments: [String]) {
        var seconds = 10.0, seed: UInt64 = 1, out = ".", corpus: [String] = []
        var index = 0
        while index < arguments.count {
            let value = index + 1 < arguments.count ? arguments[index + 1] : ""
            switch arguments[index] {
            case "--seconds": seconds = Double(value) ?? seconds; index += 2
            case "--seed": seed = UInt64(value) ?? seed; index += 2
            case "--out": out = value; index += 2
            default: corpus.append(arguments[index]); index += 1
            }
        }
        var pool = seeds.flatMap { seed in (0..<4).map { [UInt8($0 * 85)] + Array(seed.utf8) } } + inputs(corpus)
        installHandlers()
        var mutator = HTTPMutator(seed: seed)
        let deadline = Date().addingTimeInterval(seconds)
        var executions = 0
        while Date() < deadline {
            for _ in 0..<64 {
                let input = mutator.mutate(pool[mutator.below(pool.count)], other: pool[mutator.below(pool.count)],
                                           limit: savedInput.count)
                savedLength = input.count
                _ = savedInput.initialize(from: input)
                _ = "\(out)/crash-\(seed)-\(executions)".withCString { strncpy(savedPath, $0, 4095) }
                alarm(10)
                HTTPFuzzOracle.check(input)
                alarm(0)
                executions += 1
                if mutator.below(32) == 0 { pool.append(input) }
                if pool.count > 2_048 { pool.remove(at: mutator.below(pool.count)) }
            }
        }
        print("mutator: \(executions) executions in \(Int(seconds)) s (seed \(seed)), 0 crashes")
    }

    private static func installHandlers() {
        for signal in [SIGTRAP, SIGILL, SIGSEGV, SIGBUS, SIGABRT, SIGALRM, SIGFPE] {
            _ = Glibc.signal(signal) { number in
                // Async-signal-safe: open, write, close, then die with the signal.
                let fd = open(savedPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                if fd >= 0 {
                    _ = write(fd, savedInput.baseAddress, savedLength)
                    close(fd)
                }
                let note = "FuzzHTTP: crash or timeout, input saved\n"
                _ = note.withCString { write(2, $0, strlen($0)) }
                Glibc.signal(number, SIG_DFL)
                raise(number == SIGALRM ? SIGKILL : number)
            }
        }
    }
}
#endif
