import Testing
@testable import CSV

/// SplitMix64: a small seeded generator, so that "random" cases are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Writer → reader round trips on seeded random fields, through every feed.
@Suite struct RoundTripTests {
    static let pieces = ["a", "Z", "9", ",", ";", "\t", "|", "\"", "\"\"", "\r", "\n", "\r\n", " ", "陳", "臺北",
                         "é", "😀", "=", "-", "sep=", "\u{FEFF}", ""]

    static func randomRows(seed: UInt64, count: Int) -> [[String]] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                (0..<Int.random(in: 0...5, using: &generator))
                    .map { _ in pieces.randomElement(using: &generator) ?? "" }
                    .joined()
            }
        }
    }

    static let seedsAndDelimiters: [(UInt64, UInt8)] = [(1, 0x2C), (2, 0x3B), (3, 0x09), (4, 0x7C)]

    @Test(arguments: seedsAndDelimiters)
    func exactWriterOutputReadsBackUnchanged(seed: UInt64, delimiter: UInt8) {
        let rows = Self.randomRows(seed: seed, count: 200)
        var writer = CSVWriter(options: CSVWriteOptions(delimiter: delimiter, includeBOM: seed % 2 == 0, formulaGuard: false))
        rows.forEach { writer.writeRow($0) }
        let outcome = readEveryWay(writer.bytes, options: CSVReadOptions(delimiter: delimiter, hasHeader: false))
        #expect(outcome.errors.isEmpty)
        #expect(outcome.records == rows)
    }

    @Test func guardedOutputReadsBackNeutralised() {
        let rows = Self.randomRows(seed: 5, count: 200)
        var writer = CSVWriter(options: .excelSafe)
        rows.forEach { writer.writeRow($0) }
        let outcome = readEveryWay(writer.bytes, options: CSVReadOptions(delimiter: 0x2C, hasHeader: false))
        #expect(outcome.records == rows.map { $0.map(FormulaGuard.neutralised) })
        #expect(outcome.dialect?.hasBOM == true)
    }

    @Test func sniffedDelimiterRoundTripsWhenTheHeaderIsPlain() {
        var rows = Self.randomRows(seed: 6, count: 50)
        rows.insert(["Name", "City", "Email"], at: 0)
        var writer = CSVWriter(options: CSVWriteOptions(delimiter: 0x3B, formulaGuard: false))
        rows.forEach { writer.writeRow($0) }
        let outcome = readEveryWay(writer.bytes)
        #expect(outcome.dialect?.delimiter == 0x3B)
        #expect(outcome.records == rows)
    }
}
