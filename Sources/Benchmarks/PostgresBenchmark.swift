// The PostgreSQL benchmarks (issue 14), through the release `provision` binary only, so that
// what is measured is what a nightly job runs:
//   apply    N new users applied into an empty PostgreSQL store, next to its peer, psql's
//            `\copy` of the same rows into a table with the same unique index, taking turns;
//   workers  C customers of U users each, submitted to the work queue, then drained by 1, 2
//            and 4 worker processes, each count into a fresh database; wall time and the
//            peak memory of every worker.
// The server is any PostgreSQL the URL of `--server` (else PROVISION_BENCH_PG) reaches with
// the right to create databases; Tests/pg/cluster.sh makes a throwaway one. Each run creates
// and drops its own database, `provision_bench_<pid>_<n>`.
import Foundation

enum PostgresBenchmark {
    static func run(arguments: [String]) throws {
        func option(_ name: String) -> String? {
            arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        }
        guard let mode = arguments.first, ["apply", "workers"].contains(mode) else {
            throw BenchmarkError("usage: Benchmarks postgres apply|workers [--server URL] [--rows N] [--runs N] "
                                 + "[--customers C --users U --workers 1,2,4]")
        }
        guard let server = option("--server") ?? ProcessInfo.processInfo.environment["PROVISION_BENCH_PG"] else {
            throw BenchmarkError("name the server: --server postgresql://user@host:port/db or PROVISION_BENCH_PG "
                                 + "(Tests/pg/cluster.sh start DIR makes a throwaway one)")
        }
        let bench = PostgresBench(binary: try PlannerBenchmark.provisionBinary(), server: server)
        let work = NSTemporaryDirectory() + "provision-pg-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        switch mode {
        case "apply":
            try bench.apply(rows: option("--rows").flatMap { Int($0) } ?? 1_000_000,
                            runs: max(1, option("--runs").flatMap { Int($0) } ?? 3), work: work)
        default:
            let counts = (option("--workers") ?? "1,2,4").split(separator: ",").compactMap { Int($0) }
            try bench.workers(customers: option("--customers").flatMap { Int($0) } ?? 50,
                              usersEach: option("--users").flatMap { Int($0) } ?? 20_000,
                              workerCounts: counts.isEmpty ? [1, 2, 4] : counts, work: work)
        }
    }
}

/// One benchmark session against one server.
struct PostgresBench {
    let binary: String
    let server: String
    private static let now = "2026-11-21T09:00:00Z"

    /// `apply`: the million-user apply against the `\copy` peer.
    func apply(rows: Int, runs: Int, work: String) throws {
        let input = work + "/new-hires.csv"
        try PlannerBenchmark.generate(rows: rows, offset: 0, to: input)
        print("postgres apply benchmark: \(rows) rows, \(runs) runs, server \(Self.masked(server))")
        var applies: [PlannerBenchmark.Sample] = [], peers: [PlannerBenchmark.Sample] = []
        for round in 1...runs {
            let database = try createDatabase("apply_\(round)")
            defer { dropDatabase(database.name) }
            try prepare(database.url, customers: ["bench"], seats: rows * 3, work: work)
            let applied = try PlannerBenchmark.measure(binary, [
                "apply", input, "--customer", "bench", "--store", database.url, "--quiet", "--now", Self.now,
                "--credentials", work + "/credentials-\(round).csv", "--max-removals", "all", "--max-deletes", "all",
            ])
            try check(applied, "apply")
            applies.append(applied)
            print(PlannerBenchmark.line("run \(round): apply \(rows) new users", applied, rows: rows))
            let peer = try copyPeer(input, database: database.url, work: work)
            peers.append(peer)
            print(PlannerBenchmark.line("run \(round): psql \\copy, same rows, unique index", peer, rows: rows)
                  + String(format: "  apply = %.2f x peer", applied.seconds / max(peer.seconds, 1e-9)))
        }
        let ratio = median(applies) / max(median(peers), 1e-9)
        let peak = applies.map(\.peakKiB).max() ?? 0
        print(String(format: "medians of %d runs: apply %.2f s, \\copy peer %.2f s (%.2f x); peak %.1f MiB",
                     runs, median(applies), median(peers), ratio, Double(peak) / 1024))
        print("\(ratio <= 3 ? "met   " : "MISSED") apply within 3 x the \\copy peer (medians)")
        print("\(peak < 64 * 1024 ? "met   " : "MISSED") peak < 64 MiB (every run)")
    }

    /// `workers`: one queue of `customers` jobs drained by each count of workers in turn.
    func workers(customers: Int, usersEach: Int, workerCounts: [Int], work: String) throws {
        let ids = (1...customers).map { String(format: "bench-%02d", $0) }
        let input = work + "/nightly.csv"
        try PlannerBenchmark.generate(rows: usersEach, offset: 0, to: input, customers: ids)
        print("postgres workers benchmark: \(customers) customers x \(usersEach) users, workers \(workerCounts)")
        var single: Double?
        for count in workerCounts {
            let database = try createDatabase("workers_\(count)")
            defer { dropDatabase(database.name) }
            try prepare(database.url, customers: ids, seats: usersEach * 3, work: work)
            let submitted = try PlannerBenchmark.measure(binary, [
                "submit", input, "--store", database.url, "--quiet", "--now", Self.now,
                "--max-removals", "all", "--max-deletes", "all",
            ])
            try check(submitted, "submit")
            let started = Date()
            let samples = try runWorkers(count, store: database.url, work: work + "/workers-\(count)")
            let seconds = Date().timeIntervalSince(started)
            let peaks = samples.map { String(format: "%.1f", Double($0.peakKiB) / 1024) }.joined(separator: ", ")
            let rows = customers * usersEach
            single = single ?? (count == 1 ? seconds : nil)
            let speedup = single.map { String(format: "  %.2f x one worker", $0 / seconds) } ?? ""
            print(String(format: "%d worker(s): %.2f s, %.0f rows/s; peak MiB per worker: %@%@",
                         count, seconds, Double(rows) / seconds, peaks, speedup))
        }
    }

    /// Starts `count` worker processes that exit when the queue is empty, and waits for all.
    private func runWorkers(_ count: Int, store: String, work: String) throws -> [PlannerBenchmark.Sample] {
        let group = DispatchGroup()
        let collected = Collected()
        for index in 1...count {
            let folder = work + "/\(index)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let arguments = ["worker", "--once", "--store", store, "--quiet", "--credentials-dir", folder]
            DispatchQueue.global().async(group: group) { [binary] in
                do {
                    let sample = try PlannerBenchmark.measure(binary, arguments)
                    collected.add(sample, failure: sample.status == 0 ? nil
                                  : BenchmarkError("worker \(index) exited with status \(sample.status)"))
                } catch {
                    collected.add(nil, failure: error)
                }
            }
        }
        group.wait()
        return try collected.result()
    }

    /// What the worker threads report, behind a lock.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var samples: [PlannerBenchmark.Sample] = []
        private var failure: Error?

        func add(_ sample: PlannerBenchmark.Sample?, failure: Error?) {
            lock.withLock {
                if let sample { samples.append(sample) }
                if let failure { self.failure = failure }
            }
        }

        func result() throws -> [PlannerBenchmark.Sample] {
            try lock.withLock {
                if let failure { throw failure }
                return samples
            }
        }
    }

    /// An empty store at `url` with the sample catalog, the customers and their seats.
    private func prepare(_ url: String, customers: [String], seats: Int, work: String) throws {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("SampleData").path
        try run(["init", "--store", url])
        try run(["catalog", "import", sample + "/catalog.csv", "--rules", sample + "/licensing-rules.csv", "--store", url])
        for id in customers {
            try run(["customers", "add", id, "--name", "Benchmark \(id)", "--location", "TW",
                     "--domains", "\(id).example", "--store", url])
            for product in ["SPE_E3", "SPE_E5", "POWER_BI_PRO", "SPB"] {
                try run(["subscriptions", "set", "--customer", id, "--product", product, "--seats", "\(seats)",
                         "--store", url])
            }
        }
    }

    /// The peer: psql's `\copy` of the same file into a table with a unique index on the
    /// lower-cased sign-in name (the store's own uniqueness rule).
    private func copyPeer(_ input: String, database: String, work: String) throws -> PlannerBenchmark.Sample {
        let script = work + "/copy.sql"
        try """
        SET client_min_messages = warning;
        DROP TABLE IF EXISTS copy_peer;
        CREATE TABLE copy_peer(upn text NOT NULL, display text, first text, last text, title text, department text,
                               location text, licenses text, action text);
        CREATE UNIQUE INDEX copy_peer_upn ON copy_peer(lower(upn));
        \\copy copy_peer FROM pstdin WITH (FORMAT csv, HEADER true)

        """.write(toFile: script, atomically: true, encoding: .utf8)
        let sample = try PlannerBenchmark.measure("/usr/bin/env", ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", database,
                                                                  "-f", script], standardInput: input)
        try check(sample, "psql \\copy")
        return sample
    }

    private struct Database {
        var name: String
        var url: String
    }

    private func createDatabase(_ suffix: String) throws -> Database {
        let name = "provision_bench_\(getpid())_\(suffix)"
        dropDatabase(name)
        try psql("CREATE DATABASE \(name)")
        return Database(name: name, url: Self.replacingDatabase(of: server, with: name))
    }

    private func dropDatabase(_ name: String) {
        try? psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Runs one statement on the server's own database. The names are the benchmark's own
    /// (`provision_bench_<pid>_<word>`), never input.
    private func psql(_ statement: String) throws {
        let sample = try PlannerBenchmark.measure("/usr/bin/env", ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", server,
                                                                  "-c", "SET client_min_messages = warning",
                                                                  "-c", statement])
        try check(sample, "psql")
    }

    private func run(_ arguments: [String]) throws {
        try check(try PlannerBenchmark.measure(binary, arguments + ["--quiet"]), "provision \(arguments.prefix(2).joined(separator: " "))")
    }

    private func check(_ sample: PlannerBenchmark.Sample, _ what: String) throws {
        guard sample.status == 0 else { throw BenchmarkError("\(what) exited with status \(sample.status)") }
    }

    private func median(_ samples: [PlannerBenchmark.Sample]) -> Double {
        let sorted = samples.map(\.seconds).sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2]
            : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// The server URL with its path (the database) replaced and its query kept.
    static func replacingDatabase(of url: String, with name: String) -> String {
        guard var parts = URLComponents(string: url) else { return url }
        parts.path = "/" + name
        return parts.string ?? url
    }

    /// The URL without a password, for printing.
    static func masked(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = "***"
        return parts.string ?? url
    }
}
