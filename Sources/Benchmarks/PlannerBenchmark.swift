// The planner and apply benchmark (issue 4): a store already holding N users, then a
// dry run and an apply of N new users with licenses from a native-format CSV, each timed
// (wall clock) with its peak memory, next to the sqlite3 CLI importing the same rows.
//
// Wall-clock times on a shared 2-core machine move by a fifth from one minute to the next, so
// the dry run, the apply and the sqlite3 peer are run `--runs` times (default 3), taking
// turns, each apply into a fresh copy of the filled store; the targets are checked on the
// medians, and each run's apply is also given as a multiple of its own peer.
import Foundation
import CSV
import Provisioning
import SQLiteDirectory

enum PlannerBenchmark {
    static func run(arguments: [String]) throws {
        func option(_ name: String) -> String? {
            arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        }
        let rows = option("--rows").flatMap { Int($0) } ?? 1_000_000
        let runs = max(1, option("--runs").flatMap { Int($0) } ?? 3)
        let binary = try provisionBinary()
        let keep = option("--keep")
        let work = keep ?? NSTemporaryDirectory() + "provision-planner-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: work) } }
        let base = work + "/existing.csv", input = work + "/new-hires.csv"
        let filled = work + "/filled.sqlite", store = work + "/bench.sqlite"
        for stale in [filled, store] { try removeStore(stale) }
        try generate(rows: rows, offset: 0, to: base)
        try generate(rows: rows, offset: rows, to: input)
        let size = (try FileManager.default.attributesOfItem(atPath: input)[.size] as? NSNumber)?.doubleValue ?? 0
        print("planner benchmark: \(rows) rows, \(String(format: "%.1f", size / 1e6)) MB per file, \(runs) runs, store \(store)")
        try prepareStore(filled, seats: rows * 3)

        func common(_ storePath: String, credentials: String) -> [String] {
            ["--customer", "bench", "--store", storePath, "--quiet", "--now", "2026-11-21T09:00:00Z",
             "--credentials", work + "/" + credentials]
        }
        let fill = try measure(binary, ["apply", base] + common(filled, credentials: "credentials.csv"))
        print(line("apply \(rows) users into an empty store", fill, rows: rows))
        var dry: [Sample] = [], apply: [Sample] = [], raw: [Sample] = []
        for round in 1...runs {
            try removeStore(store)
            try FileManager.default.copyItem(atPath: filled, toPath: store)
            dry.append(try measure(binary, ["plan", input, "--customer", "bench", "--store", store, "--quiet",
                                            "--now", "2026-11-21T09:00:00Z"]))
            print(line("run \(round): dry run against \(rows) users", dry.last!, rows: rows))
            apply.append(try measure(binary, ["apply", input] + common(store, credentials: "credentials-\(round).csv")))
            print(line("run \(round): apply \(rows) new users against \(rows) users", apply.last!, rows: rows))
            raw.append(try rawSQLite(input, work: work))
            print(line("run \(round): sqlite3 CLI .import of the same rows (unique index)", raw.last!, rows: rows)
                  + String(format: "  apply = %.1f x peer", apply.last!.seconds / max(raw.last!.seconds, 1e-9)))
        }
        let again = try measure(binary, ["apply", input] + common(store, credentials: "credentials-again.csv"))
        print(line("re-apply (all unchanged)", again, rows: rows))

        func median(_ samples: [Sample]) -> Double {
            let sorted = samples.map(\.seconds).sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2]
                : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        let peak = (dry + apply).map(\.peakKiB).max() ?? 0
        print(String(format: "medians of %d runs: dry run %.2f s, apply %.2f s, sqlite3 peer %.2f s; peak %.1f MiB",
                     runs, median(dry), median(apply), median(raw), Double(peak) / 1024))
        let checks: [(String, Bool)] = [
            ("dry run < 10 s (median)", median(dry) < 10),
            ("apply < 30 s (median)", median(apply) < 30),
            ("peak < 64 MiB (every run)", peak < 64 * 1024),
        ]
        for (name, passed) in checks { print("\(passed ? "met   " : "MISSED") \(name)") }
    }

    /// Removes a store file with its WAL, shared-memory file and lock directory.
    static func removeStore(_ path: String) throws {
        for suffix in ["", "-wal", "-shm", ".locks"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    struct Sample {
        var seconds: Double
        var peakKiB: Int
        var status: Int32
        /// CPU time in user space and in the kernel (wait4's ru_utime and ru_stime).
        var userSeconds: Double = 0
        var systemSeconds: Double = 0
    }

    static func line(_ name: String, _ sample: Sample, rows: Int) -> String {
        String(format: "%-55@ %7.2f s %9.0f rows/s  peak %6.1f MiB  user %6.2f s  sys %5.2f s  exit %d",
               name as NSString, sample.seconds, Double(rows) / max(sample.seconds, 1e-9),
               Double(sample.peakKiB) / 1024, sample.userSeconds, sample.systemSeconds, sample.status)
    }

    /// The release `provision` next to this benchmark's executable.
    static func provisionBinary() throws -> String {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidate = me.deletingLastPathComponent().appendingPathComponent("provision").path
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw BenchmarkError("build it first: swift build -c release --product provision (looked for \(candidate))")
        }
        return candidate
    }

    /// A store with the sample catalog and rules and one customer, `bench`, with ample seats.
    static func prepareStore(_ path: String, seats: Int) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("SampleData").path
        let directory = try SQLiteDirectory.create(path: path)
        let catalog = try CatalogCSV.read(path: root + "/catalog.csv", options: CSVReadOptions(fileName: "catalog.csv"))
        _ = try directory.importCatalog(catalog.products)
        try directory.storeRules(RulesCSV.read(path: root + "/licensing-rules.csv",
                                               options: CSVReadOptions(fileName: "licensing-rules.csv")).rules)
        try directory.addCustomer(Customer(id: "bench", name: "Benchmark Ltd.", domains: ["bench.example"],
                                           defaultUsageLocation: "TW"))
        for product in ["SPE_E3", "SPE_E5", "POWER_BI_PRO", "SPB"] {
            try directory.setSeats(customerID: "bench", partNumber: product, seats: seats)
        }
    }

    /// Native-format rows: the CSV benchmark's realistic users (CJK names, commas, quotes,
    /// line breaks), with licenses from the sample catalog. With `customers`, `rows` users for
    /// each of them, in a `Customer` column, signing in with `<customer>.example`; without,
    /// `rows` users of the customer `bench` (`bench.example`) and no such column.
    static func generate(rows: Int, offset: Int, to path: String, customers: [String]? = nil) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else { throw BenchmarkError("cannot create \(path)") }
        defer { try? handle.close() }
        var writer = CSVWriter(options: CSVWriteOptions(includeBOM: true, formulaGuard: false))
        let header = ["UserPrincipalName", "DisplayName", "FirstName", "LastName", "JobTitle", "Department",
                      "UsageLocation", "Licenses", "Action"]
        writer.writeRow(customers == nil ? header : header + ["Customer"])
        var random = BenchmarkRandom(state: UInt64(2026 + offset))
        let licenses = ["SPE_E3", "SPE_E3", "SPE_E5;POWER_BI_PRO", "SPB", ""]
        for customer in customers?.map(Optional.some) ?? [nil] {
            let domain = customer.map { "\($0).example" } ?? "bench.example"
            for row in 0..<rows {
                let user = BenchmarkUsers.row(row + offset, random: &random)
                let local = user[0].split(separator: "@").first.map(String.init) ?? "user\(row)"
                let cells = ["\(local)@\(domain)", user[1], user[2], user[3], user[4], user[5], "TW",
                             random.pick(licenses), ""]
                writer.writeRow(customer.map { cells + [$0] } ?? cells)
                if row % 4096 == 0 { try writer.write(to: handle) }
            }
        }
        try writer.write(to: handle)
    }

    /// The peer: the sqlite3 CLI importing the same file into a table with a unique index.
    static func rawSQLite(_ input: String, work: String) throws -> Sample {
        let script = work + "/import.sql"
        let body = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE users(upn TEXT NOT NULL, display TEXT, first TEXT, last TEXT, title TEXT, department TEXT,
                           location TEXT, licenses TEXT, action TEXT);
        CREATE UNIQUE INDEX users_upn ON users(upn COLLATE NOCASE);
        .mode csv
        .import --skip 1 \(input) users

        """
        try body.write(toFile: script, atomically: true, encoding: .utf8)
        try removeStore(work + "/raw.sqlite")
        return try measure("/usr/bin/env", ["sqlite3", work + "/raw.sqlite", ".read \(script)"])
    }

    /// Runs a child and measures its wall time and peak resident memory (wait4's ru_maxrss).
    static func measure(_ program: String, _ arguments: [String], standardInput: String? = nil) throws -> Sample {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        if let standardInput { posix_spawn_file_actions_addopen(&actions, 0, standardInput, O_RDONLY, 0) }
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let started = Date()
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchmarkError("cannot start \(program): errno \(spawned)") }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let seconds = Date().timeIntervalSince(started)
        func cpu(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return Sample(seconds: seconds, peakKiB: Int(usage.ru_maxrss), status: (status >> 8) & 0xFF,
                      userSeconds: cpu(usage.ru_utime), systemSeconds: cpu(usage.ru_stime))
    }
}
