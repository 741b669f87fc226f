// `swift run -c release Benchmarks csv [--rows N] [--runs K] [--file PATH] [--keep]`
//
// Generates a realistic bulk-user CSV (UTF-8 BOM, CRLF, quoted commas and line breaks, doubled
// quotes, Traditional Chinese names, 11 fields), then measures, each run in a fresh child process
// so that peak memory (VmHWM) belongs to one mode only:
//   scan     CSVReader.nextByteRecord: records and field boundaries, no String
//   strings  CSVReader.nextRecord: a String per field
//   python   Python's csv module (Tests/benchmarks/csv_python_peer.py) on the same file
// and reports the median MB/s (of CPU time, user + system, so that other jobs on a shared
// machine do not skew the comparison) with the slowest and fastest run, the ratio to Python and the
// peak memory against the targets
// (scan ≥ 10× Python, strings ≥ 4× Python, peak < 32 MiB).
import Foundation
import CSV

enum CSVBenchmark {
    /// One measured run.
    struct Sample {
        var bytes: Int64
        var seconds: Double
        var peakKiB: Int
        var records: Int
        var fields: Int
        var megabytesPerSecond: Double { Double(bytes) / 1_000_000 / seconds }
    }

    /// Entry point: the parent run, or a child's `--measure MODE FILE`.
    static func run(arguments: [String]) throws {
        if arguments.first == "--measure", arguments.count == 3 {
            let sample = try measure(mode: arguments[1], path: arguments[2])
            print("\(sample.bytes) \(sample.seconds) \(sample.peakKiB) \(sample.records) \(sample.fields)")
            return
        }
        var rows = 1_000_000, runs = 3
        var file: String?
        var keep = false
        var index = 0
        while index < arguments.count {
            let value = index + 1 < arguments.count ? arguments[index + 1] : ""
            switch arguments[index] {
            case "--rows": rows = Int(value) ?? rows
            case "--runs": runs = max(1, Int(value) ?? runs)
            case "--file": file = value
            case "--keep": keep = true; index -= 1
            default: throw BenchmarkError("unknown option \(arguments[index]); use --rows N, --runs K, --file PATH, --keep")
            }
            index += 2
        }
        let path: String
        if let file {
            path = file
        } else {
            path = NSTemporaryDirectory() + "provision-csv-bench-\(getpid()).csv"
            let started = Date()
            try generate(rows: rows, to: path)
            print("generated \(rows) rows in \(String(format: "%.1f", Date().timeIntervalSince(started))) s: \(path)")
        }
        defer { if file == nil && !keep { try? FileManager.default.removeItem(atPath: path) } }
        let executable = CommandLine.arguments[0]
        let peer = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Tests/benchmarks/csv_python_peer.py").standardized.path
        var results: [(String, Sample)] = []
        var ranges: [String: (Double, Double)] = [:]
        let modes = [("scan", [executable, "csv", "--measure", "scan", path]),
                     ("strings", [executable, "csv", "--measure", "strings", path]),
                     ("python", ["/usr/bin/env", "python3", peer, path])]
        // The modes take turns within each round, so that a change of load on the machine
        // during the run falls on all of them alike rather than on whichever ran then.
        var samples: [String: [Sample]] = [:]
        for _ in 0..<runs {
            for (name, command) in modes { samples[name, default: []].append(try child(command)) }
        }
        for (name, _) in modes {
            let taken = samples[name] ?? []
            let sorted = taken.sorted { $0.seconds < $1.seconds }
            ranges[name] = (sorted.last?.megabytesPerSecond ?? 0, sorted.first?.megabytesPerSecond ?? 0)
            var median = sorted[sorted.count / 2]
            median.peakKiB = taken.map(\.peakKiB).max() ?? median.peakKiB
            results.append((name, median))
        }
        report(results, ranges: ranges, runs: runs)
    }

    /// Prints the table (medians, and the slowest and fastest run of each mode) and the targets.
    static func report(_ results: [(String, Sample)], ranges: [String: (Double, Double)], runs: Int) {
        let python = results.first { $0.0 == "python" }?.1.megabytesPerSecond ?? 1
        let size = Double(results.first?.1.bytes ?? 0) / 1_000_000
        print(String(format: "file: %.1f MB, %d records, %d fields; median of %d runs", size,
                     results.first?.1.records ?? 0, results.first?.1.fields ?? 0, runs))
        print("mode       MB/s    × python   peak MiB   MB/s range")
        for (name, sample) in results {
            let padded = name.padding(toLength: 8, withPad: " ", startingAt: 0)
            let (slowest, fastest) = ranges[name] ?? (0, 0)
            print(padded + String(format: " %7.1f   %7.2f×   %7.1f   %.1f–%.1f", sample.megabytesPerSecond,
                                  sample.megabytesPerSecond / python, Double(sample.peakKiB) / 1024, slowest, fastest))
        }
        let scan = results.first { $0.0 == "scan" }?.1
        let strings = results.first { $0.0 == "strings" }?.1
        let checks = [
            ("scan ≥ 10× python", (scan?.megabytesPerSecond ?? 0) >= 10 * python),
            ("strings ≥ 4× python", (strings?.megabytesPerSecond ?? 0) >= 4 * python),
            ("peak < 32 MiB", max(scan?.peakKiB ?? .max, strings?.peakKiB ?? .max) < 32 * 1024),
        ]
        for (name, passed) in checks { print("\(passed ? "met   " : "MISSED") \(name)") }
    }

    /// Runs `command` and parses its one-line result.
    static func child(_ command: [String]) throws -> Sample {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let words = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard process.terminationStatus == 0, words.count == 5, let bytes = Int64(words[0]), let seconds = Double(words[1]),
              let peak = Int(words[2]), let records = Int(words[3]), let fields = Int(words[4]) else {
            throw BenchmarkError("\(command.joined(separator: " ")) failed: \(String(decoding: data, as: UTF8.self))")
        }
        return Sample(bytes: bytes, seconds: seconds, peakKiB: peak, records: records, fields: fields)
    }

    /// Reads `path` once in `mode` and measures it.
    static func measure(mode: String, path: String) throws -> Sample {
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        let started = cpuSeconds()
        var records = 0, fields = 0
        var reader = try CSVReader(path: path, options: CSVReadOptions(fileName: path))
        fields += try reader.readHeader().count
        records += 1
        switch mode {
        case "scan":
            var record = CSVByteRecord(capacity: 1 << 16)
            while try reader.nextByteRecord(into: &record) {
                records += 1
                fields += record.count
            }
        case "strings":
            while let record = try reader.nextRecord() {
                records += 1
                fields += record.count
            }
        default:
            throw BenchmarkError("unknown mode \(mode)")
        }
        let seconds = cpuSeconds() - started
        return Sample(bytes: size, seconds: seconds, peakKiB: peakKiB(), records: records, fields: fields)
    }

    /// CPU time (user + system) of this process so far: other jobs on the machine do not count.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    /// VmHWM (peak resident memory) of this process, in KiB.
    static func peakKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    /// Writes `rows` deterministic bulk-user rows to `path`.
    static func generate(rows: Int, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else { throw BenchmarkError("cannot create \(path)") }
        defer { try? handle.close() }
        var writer = CSVWriter(options: CSVWriteOptions(includeBOM: true, formulaGuard: false))
        writer.writeRow(["User name", "Display name", "First name", "Last name", "Job title", "Department", "Office",
                         "Usage location", "Licenses", "Notes", "Object ID"])
        var random = BenchmarkRandom(state: 2026)
        for row in 0..<rows {
            writer.writeRow(BenchmarkUsers.row(row, random: &random))
            if row % 4096 == 0 { try writer.write(to: handle) }
        }
        try writer.write(to: handle)
    }
}

/// A failed benchmark step.
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ text: String) { description = text }
}

/// A permuted congruential generator (PCG-XSH-RR 64/32), seeded, so every run writes the same file.
struct BenchmarkRandom {
    var state: UInt64

    mutating func next() -> UInt32 {
        let old = state
        state = old &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let shifted = UInt32(truncatingIfNeeded: ((old >> 18) ^ old) >> 27)
        let rotation = UInt32(truncatingIfNeeded: old >> 59)
        return shifted >> rotation | shifted << ((~rotation &+ 1) & 31)
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt32(items.count))] }
    mutating func chance(_ percent: UInt32) -> Bool { next() % 100 < percent }
}

/// Realistic users: Taiwanese and Western names, titles with commas, notes with quotes and line breaks.
enum BenchmarkUsers {
    static let surnames = ["陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊"]
    static let given = ["怡君", "志偉", "淑芬", "家豪", "雅婷", "冠宇", "美玲", "承翰", "佳穎", "俊傑"]
    static let romanSurnames = ["chen", "lin", "huang", "chang", "lee", "wang", "wu", "liu", "tsai", "yang"]
    static let western = [("Anna", "Berg"), ("Lucas", "Martin"), ("Emma", "Schmidt"), ("Noah", "Rossi")]
    static let titles = ["Engineer", "Manager, Sales", "Accountant", "Director, R&D", "Support Specialist"]
    static let departments = ["Sales", "Finance", "Research & Development", "Customer Support", "Operations"]
    static let offices = ["台北市信義區松仁路100號", "新竹市東區光復路二段101號", "Stockholm, Kungsgatan 12", "台中市西屯區"]
    static let licenses = ["SPE_E3", "SPE_E3;EMS", "O365_BUSINESS_PREMIUM", "SPE_E5;POWER_BI_PRO", ""]
    static let notes = ["", "", "", "Prefers \"Wei\",\r\nstarts Monday", "Contractor until 2027-06-30", "VIP"]

    static func row(_ index: Int, random: inout BenchmarkRandom) -> [String] {
        let first: String, last: String, display: String, local: String
        if random.chance(80) {
            let surname = random.next() % 10
            last = surnames[Int(surname)]
            first = random.pick(given)
            display = last + first
            local = "user\(index).\(romanSurnames[Int(surname)])"
        } else {
            (first, last) = random.pick(western)
            display = "\(first) \(last)"
            local = "\(first.lowercased()).\(last.lowercased())\(index)"
        }
        let guid = String(format: "%08x-%04x-4%03x-a%03x-%08x%04x", random.next(), random.next() & 0xFFFF,
                          random.next() & 0xFFF, random.next() & 0xFFF, random.next(), random.next() & 0xFFFF)
        return ["\(local)@contoso.com.tw", display, first, last, random.pick(titles), random.pick(departments),
                random.pick(offices), "TW", random.pick(licenses), random.pick(notes), guid]
    }
}
