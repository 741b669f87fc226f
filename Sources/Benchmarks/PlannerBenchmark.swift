// The planner and apply benchmark (issue 4): a store already holding N users, then a
// dry run and an apply of N new users with licenses from a native-format CSV, each timed
// (wall clock) with its peak memory, next to the sqlite3 CLI importing the same rows.
import Foundation
import CSV
import Provisioning
import SQLiteDirectory

enum PlannerBenchmark {
    static func run(arguments: [String]) throws {
        var rows = 1_000_000
        if let index = arguments.firstIndex(of: "--rows"), index + 1 < arguments.count, let value = Int(arguments[index + 1]) {
            rows = value
        }
        let binary = try provisionBinary()
        let keep = arguments.firstIndex(of: "--keep").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        let work = keep ?? NSTemporaryDirectory() + "provision-planner-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: work) } }
        let base = work + "/existing.csv", input = work + "/new-hires.csv", store = work + "/bench.sqlite"
        try generate(rows: rows, offset: 0, to: base)
        try generate(rows: rows, offset: rows, to: input)
        let size = (try FileManager.default.attributesOfItem(atPath: input)[.size] as? NSNumber)?.doubleValue ?? 0
        print("planner benchmark: \(rows) rows, \(String(format: "%.1f", size / 1e6)) MB per file, store \(store)")
        try prepareStore(store, seats: rows * 3)

        let common = ["--customer", "bench", "--store", store, "--quiet", "--now", "2026-11-21T09:00:00Z",
                      "--credentials", work + "/credentials.csv"]
        let fill = try measure(binary, ["apply", base] + common)
        print(line("apply \(rows) users into an empty store", fill, rows: rows))
        let dry = try measure(binary, ["plan", input, "--customer", "bench", "--store", store, "--quiet",
                                       "--now", "2026-11-21T09:00:00Z"])
        print(line("dry run against \(rows) users", dry, rows: rows))
        let apply = try measure(binary, ["apply", input] + common.map { $0.hasSuffix("credentials.csv") ? work + "/credentials2.csv" : $0 })
        print(line("apply \(rows) new users against \(rows) users", apply, rows: rows))
        let again = try measure(binary, ["apply", input] + common.map { $0.hasSuffix("credentials.csv") ? work + "/credentials3.csv" : $0 })
        print(line("re-apply (all unchanged)", again, rows: rows))
        let raw = try rawSQLite(input, work: work)
        print(line("sqlite3 CLI .import of the same rows (unique index)", raw, rows: rows))
        let checks: [(String, Bool)] = [
            ("dry run < 10 s", dry.seconds < 10),
            ("apply < 30 s", apply.seconds < 30),
            ("peak < 64 MiB", max(dry.peakKiB, apply.peakKiB) < 64 * 1024),
        ]
        for (name, passed) in checks { print("\(passed ? "met   " : "MISSED") \(name)") }
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
    /// line breaks), with licenses from the sample catalog.
    static func generate(rows: Int, offset: Int, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else { throw BenchmarkError("cannot create \(path)") }
        defer { try? handle.close() }
        var writer = CSVWriter(options: CSVWriteOptions(includeBOM: true, formulaGuard: false))
        writer.writeRow(["UserPrincipalName", "DisplayName", "FirstName", "LastName", "JobTitle", "Department",
                         "UsageLocation", "Licenses", "Action"])
        var random = BenchmarkRandom(state: UInt64(2026 + offset))
        let licenses = ["SPE_E3", "SPE_E3", "SPE_E5;POWER_BI_PRO", "SPB", ""]
        for row in 0..<rows {
            let user = BenchmarkUsers.row(row + offset, random: &random)
            let local = user[0].split(separator: "@").first.map(String.init) ?? "user\(row)"
            writer.writeRow(["\(local)@bench.example", user[1], user[2], user[3], user[4], user[5], "TW",
                             random.pick(licenses), ""])
            if row % 4096 == 0 { try writer.write(to: handle) }
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
        return try measure("/usr/bin/env", ["sqlite3", work + "/raw.sqlite", ".read \(script)"])
    }

    /// Runs a child and measures its wall time and peak resident memory (wait4's ru_maxrss).
    static func measure(_ program: String, _ arguments: [String]) throws -> Sample {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
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
