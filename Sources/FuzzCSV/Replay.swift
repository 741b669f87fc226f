#if !FUZZING
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// The plain build's entry point (the fuzzing build links libFuzzer's `main` instead):
//   FuzzCSV replay FILE|DIR...                  runs each input through the oracle
//   FuzzCSV mutate --seconds N [--seed S] [--out DIR] [--max-len B] CORPUS_DIR...
//                                               seeded random mutation for N seconds
// A broken promise stops the process; the input that broke it is written to
// DIR/crash-<seed>-<n> (or timeout-/oom-…) by a signal handler first.

/// The input being checked, for the signal handler to save when the process dies.
nonisolated(unsafe) private var currentInput = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 22)
nonisolated(unsafe) private var currentLength = 0
nonisolated(unsafe) private var crashPath = UnsafeMutablePointer<CChar>.allocate(capacity: 4096)

@main
enum Replay {
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
            usage: FuzzCSV replay FILE|DIR...
                   FuzzCSV mutate --seconds N [--seed S] [--out DIR] [--max-len BYTES] CORPUS_DIR...

            """.utf8))
        exit(2)
    }

    static func files(_ paths: [String]) -> [String] {
        var found: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                found += names.sorted().filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.map { path + "/" + $0 }
            } else {
                found.append(path)
            }
        }
        return found
    }

    static func replay(_ paths: [String]) {
        let inputs = files(paths)
        for path in inputs {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            FuzzOracle.check(Array(data))
        }
        print("\(inputs.count) inputs replayed, no failure")
    }

    static func mutate(_ arguments: [String]) {
        var seconds = 60.0, seed: UInt64 = 1, out = ".", maxLength = 64 * 1024, corpus: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let value = index + 1 < arguments.count ? arguments[index + 1] : ""
            switch argument {
            case "--seconds": seconds = Double(value) ?? seconds; index += 2
            case "--seed": seed = UInt64(value) ?? seed; index += 2
            case "--out": out = value; index += 2
            case "--max-len": maxLength = Int(value) ?? maxLength; index += 2
            default: corpus.append(argument); index += 1
            }
        }
        var inputs = files(corpus).compactMap { FileManager.default.contents(atPath: $0).map(Array.init) }
        if inputs.isEmpty { inputs = [[0]] }
        installHandlers()
        var mutator = Mutator(seed: seed)
        let deadline = Date().addingTimeInterval(seconds)
        var executions = 0
        while Date() < deadline {
            for _ in 0..<64 {
                let base = inputs[mutator.below(inputs.count)], other = inputs[mutator.below(inputs.count)]
                let input = mutator.mutate(base, other: other, limit: min(maxLength, currentInput.count))
                remember(input, path: "\(out)/crash-\(seed)-\(executions)")
                alarm(20)
                FuzzOracle.check(input)
                alarm(0)
                executions += 1
                // Keep a few mutants as new bases, so mutations compound.
                if mutator.below(64) == 0 { inputs.append(input) }
                if inputs.count > 4_096 { inputs.remove(at: mutator.below(inputs.count)) }
            }
        }
        print("mutator: \(executions) executions in \(Int(seconds)) s (seed \(seed)), 0 crashes")
    }

    private static func remember(_ input: [UInt8], path: String) {
        currentLength = input.count
        _ = currentInput.initialize(from: input)
        _ = path.withCString { strncpy(crashPath, $0, 4095) }
    }

    private static func installHandlers() {
        var limit = rlimit(rlim_cur: 4 << 30, rlim_max: 4 << 30)   // unbounded memory becomes a crash
        setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        for signal in [SIGTRAP, SIGILL, SIGSEGV, SIGBUS, SIGABRT, SIGALRM, SIGFPE] {
            _ = Glibc.signal(signal) { number in
                // Async-signal-safe: open, write, close, then die with the signal.
                let fd = open(crashPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                if fd >= 0 {
                    _ = write(fd, currentInput.baseAddress, currentLength)
                    close(fd)
                }
                let note = number == SIGALRM ? "FuzzCSV: timeout, input saved\n" : "FuzzCSV: crash, input saved\n"
                _ = note.withCString { write(2, $0, strlen($0)) }
                Glibc.signal(number, SIG_DFL)
                raise(number == SIGALRM ? SIGKILL : number)
            }
        }
    }
}
#endif
