import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The input being checked, for the signal handler to save when the process dies. Globals
/// because a signal handler can capture nothing; written only by the driver's one thread.
nonisolated(unsafe) private var savedInput = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1)
nonisolated(unsafe) private var savedLength = 0
nonisolated(unsafe) private var savedPath = UnsafeMutablePointer<CChar>.allocate(capacity: 4096)
nonisolated(unsafe) private var savedNote = UnsafeMutablePointer<CChar>.allocate(capacity: 256)

/// The plain build's driver of a fuzz target (the fuzzing build links libFuzzer's instead):
///
///     NAME replay FILE|DIR...                 runs each input through the oracle
///     NAME mutate --seconds N [--seed S] [--out DIR] [--max-len BYTES] [CORPUS_DIR...]
///                                             seeded random mutation for N seconds
///
/// A broken promise stops the process; the input that broke it is written to
/// `DIR/crash-<seed>-<n>` by a signal handler first (a hang is a `SIGALRM`, unbounded memory
/// a crash once the address space limit is reached).
public struct FuzzDriver<Mutator: FuzzMutator> {
    /// The executable's name, for the usage text and the crash note.
    public var name: String
    /// The oracle: returns when the input kept every promise, stops the process otherwise.
    public var check: ([UInt8]) -> Void
    /// Makes the mutator for a seed.
    public var makeMutator: (UInt64) -> Mutator
    /// Inputs the mutator starts from besides the corpus.
    public var seeds: [[UInt8]] = []
    /// The largest input, in bytes (the default of `--max-len`).
    public var maxLength = 64 * 1024
    /// Seconds one input may take before it counts as a hang.
    public var alarmSeconds: UInt32 = 20
    /// A mutant becomes a new base one time in this many, so that mutations compound.
    public var keepOneIn = 64
    /// The most bases kept.
    public var poolLimit = 4_096
    /// The address space limit, in bytes (nil: none).
    public var addressSpaceLimit: UInt64? = 4 << 30

    /// Creates a driver with the default settings.
    public init(name: String, check: @escaping ([UInt8]) -> Void, makeMutator: @escaping (UInt64) -> Mutator) {
        self.name = name
        self.check = check
        self.makeMutator = makeMutator
    }

    /// Runs the command line (`replay` or `mutate`) and exits on a usage error.
    public func main(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
        guard let mode = arguments.first else { usage() }
        let rest = Array(arguments.dropFirst())
        switch mode {
        case "replay": replay(rest)
        case "mutate": mutate(rest)
        default: usage()
        }
    }

    private func usage() -> Never {
        FileHandle.standardError.write(Data("""
            usage: \(name) replay FILE|DIR...
                   \(name) mutate --seconds N [--seed S] [--out DIR] [--max-len BYTES] [CORPUS_DIR...]

            """.utf8))
        exit(2)
    }

    /// The inputs of these files and folders (a folder's files in name order, without dot
    /// files and `.md` notes).
    public static func inputs(_ paths: [String]) -> [[UInt8]] {
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

    private func replay(_ paths: [String]) {
        let all = Self.inputs(paths)
        for input in all { check(input) }
        print("\(all.count) inputs replayed, no failure")
    }

    private func mutate(_ arguments: [String]) {
        var seconds = 60.0, seed: UInt64 = 1, out = ".", limit = maxLength, corpus: [String] = []
        var index = 0
        while index < arguments.count {
            let value = index + 1 < arguments.count ? arguments[index + 1] : ""
            switch arguments[index] {
            case "--seconds": seconds = Double(value) ?? seconds; index += 2
            case "--seed": seed = UInt64(value) ?? seed; index += 2
            case "--out": out = value; index += 2
            case "--max-len": limit = Int(value) ?? limit; index += 2
            default: corpus.append(arguments[index]); index += 1
            }
        }
        limit = max(1, limit)
        var pool = seeds + Self.inputs(corpus)
        if pool.isEmpty { pool = [[0]] }
        installHandlers(capacity: limit)
        var mutator = makeMutator(seed)
        let deadline = Date().addingTimeInterval(seconds)
        var executions = 0
        while Date() < deadline {
            for _ in 0..<64 {
                let base = pool[mutator.random.below(pool.count)], other = pool[mutator.random.below(pool.count)]
                let input = mutator.mutate(base, other: other, limit: limit)
                remember(input, path: "\(out)/crash-\(seed)-\(executions)")
                alarm(alarmSeconds)
                check(input)
                alarm(0)
                executions += 1
                if mutator.random.below(keepOneIn) == 0 { pool.append(input) }
                if pool.count > poolLimit { pool.remove(at: mutator.random.below(pool.count)) }
            }
        }
        print("mutator: \(executions) executions in \(Int(seconds)) s (seed \(seed)), 0 crashes")
    }

    private func remember(_ input: [UInt8], path: String) {
        savedLength = min(input.count, savedInput.count)
        _ = savedInput.initialize(from: input.prefix(savedLength))
        _ = path.withCString { strncpy(savedPath, $0, 4095) }
    }

    private func installHandlers(capacity: Int) {
        savedInput = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
        _ = "\(name): crash or timeout, input saved\n".withCString { strncpy(savedNote, $0, 255) }
        if let bytes = addressSpaceLimit {
            var limit = rlimit(rlim_cur: rlim_t(bytes), rlim_max: rlim_t(bytes))
            setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        }
        for signal in [SIGTRAP, SIGILL, SIGSEGV, SIGBUS, SIGABRT, SIGALRM, SIGFPE] {
            _ = Glibc.signal(signal) { number in
                // Async-signal-safe: open, write, close, then die with the signal.
                let fd = open(savedPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                if fd >= 0 {
                    _ = write(fd, savedInput.baseAddress, savedLength)
                    close(fd)
                }
                _ = write(2, savedNote, strlen(savedNote))
                Glibc.signal(number, SIG_DFL)
                raise(number == SIGALRM ? SIGKILL : number)
            }
        }
    }
}
