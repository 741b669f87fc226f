import Testing
@testable import CSV

/// The scanner's 64-byte block path against its byte-wise path: quotes, delimiters, CRLF and
/// multibyte characters straddling block boundaries, with input fed in every chunk size (chunks
/// under the block path's slack take the byte-wise path only, larger ones mix both).
@Suite struct BlockScannerTests {
    /// Field pieces weighted towards the bytes the block path treats specially.
    static let pieces = ["a", "bc", "0123456789", ",", ";", "\"", "\"\"", "\r", "\n", "\r\n", " ", "陳", "臺北", "😀"]

    static func rows(seed: UInt64, count: Int, maxPieces: Int) -> [[String]] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: 1...12, using: &generator)).map { _ in
                (0..<Int.random(in: 0...maxPieces, using: &generator))
                    .map { _ in pieces.randomElement(using: &generator) ?? "" }
                    .joined()
            }
        }
    }

    /// Reads `bytes` fed `chunkSize` bytes at a time.
    static func read(_ bytes: [UInt8], chunkSize: Int, delimiter: UInt8 = 0x2C) -> ReadOutcome {
        var options = CSVReadOptions(delimiter: delimiter, hasHeader: false)
        options.chunkSize = chunkSize
        var outcome = ReadOutcome()
        do {
            var reader = try CSVReader(bytes: bytes, options: options)
            while let record = try reader.nextRecord() {
                outcome.records.append(record.fields)
                outcome.positions.append(record.position)
            }
            outcome.problems = reader.problems
            outcome.dialect = reader.dialect
        } catch let error as CSVError {
            outcome.errors.append(error)
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return outcome
    }

    static let chunkSizes = Array(1...150) + [191, 256, 257, 1000, 4096, 1 << 20]

    @Test(arguments: [(UInt64(11), UInt8(0x2C)), (12, 0x3B), (13, 0x09)])
    func writerOutputReadsBackInEveryChunkSize(seed: UInt64, delimiter: UInt8) {
        let rows = Self.rows(seed: seed, count: 40, maxPieces: 40)
        var writer = CSVWriter(options: CSVWriteOptions(delimiter: delimiter, formulaGuard: false))
        rows.forEach { writer.writeRow($0) }
        let bytes = writer.bytes
        let reference = Self.read(bytes, chunkSize: 1, delimiter: delimiter)
        #expect(reference.errors.isEmpty)
        #expect(reference.records == rows)
        for size in Self.chunkSizes {
            let outcome = Self.read(bytes, chunkSize: size, delimiter: delimiter)
            #expect(outcome == reference, "chunk size \(size)")
        }
    }

    @Test(arguments: [UInt64(21), 22, 23, 24])
    func rawBytesReadTheSameInEveryChunkSize(seed: UInt64) {
        // Not writer output: stray quotes, text after closing quotes, blank lines, lone CRs and
        // quotes at the starts and ends of blocks, all compared with the byte-by-byte read.
        var generator = SeededGenerator(seed: seed)
        let soup = ["abc", "0123456789abcdef", ",", ",\"", "\",", "\"", "\"\"", "\r", "\n", "\r\n", "x\"y", "陳"]
        var text = ""
        while text.utf8.count < 3000 { text += soup.randomElement(using: &generator) ?? "" }
        text += "\""  // so the end may close or open a quote
        let bytes = Array(text.utf8)
        let reference = Self.read(bytes, chunkSize: 1)
        for size in Self.chunkSizes {
            let outcome = Self.read(bytes, chunkSize: size)
            #expect(outcome == reference, "chunk size \(size)")
        }
    }

    @Test func structuralBytesAtEveryOffsetOfABlock() {
        // A long unquoted run, then the interesting byte at each of 64 offsets, so it lands
        // first, last and in between in a block, and the quote that opens or closes a field
        // lands right at a block's end.
        for offset in 1..<130 {
            let filler = String(repeating: "a", count: offset)
            let text = filler + ",\"q,\"\"\r\n\"\r\n" + filler + "\r\n" + String(repeating: "b", count: 200) + ",x\n"
            let bytes = Array(text.utf8)
            let expected = [[filler, "q,\"\r\n"], [filler], [String(repeating: "b", count: 200), "x"]]
            for size in [1, 64, 65, 1 << 20] {
                let outcome = Self.read(bytes, chunkSize: size)
                #expect(outcome.records == expected, "offset \(offset), chunk size \(size)")
                #expect(outcome.positions.map(\.line) == [1, 3, 4], "offset \(offset), chunk size \(size)")
            }
        }
    }

    @Test func blockMaskMarksEachSpecialByte() {
        var generator = SeededGenerator(seed: 41)
        let alphabet: [UInt8] = [0x2C, 0x3B, 0x22, 0x0D, 0x0A, 0x09, 0x61, 0xE9, 0x00, 0xFF]
        for round in 0..<500 {
            var bytes = (0..<64).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            if round == 0 { bytes = [UInt8](repeating: 0x2C, count: 64) }
            for delimiter: UInt8 in [0x2C, 0x3B, 0x09] {
                var expected: UInt64 = 0
                for (k, byte) in bytes.enumerated() where byte == delimiter || byte == 0x22 || byte == 0x0D || byte == 0x0A {
                    expected |= 1 << UInt64(k)
                }
                let vectors = bytes.withUnsafeBytes { raw in
                    (0..<4).map { raw.loadUnaligned(fromByteOffset: 16 * $0, as: SIMD16<UInt8>.self) }
                }
                let mask = CSVScanner.blockMask(vectors[0], vectors[1], vectors[2], vectors[3], SIMD16(repeating: delimiter))
                #expect(mask == expected, "round \(round), delimiter \(delimiter)")
            }
        }
    }
}
