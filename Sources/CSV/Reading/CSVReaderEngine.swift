// Design note: the engine joins decoder, dialect sniffing and scanner into records with
// positions. It holds one decoded chunk at a time (plus, at the start, the lines it sniffs),
// so memory is bounded by the chunk size and the longest record. The chunk is memory the engine
// allocates once and the decoder fills in place (UTF-8 input is read and validated there, with
// no copy and no clearing), so reading a record takes no reference counting. Fatal errors are
// remembered and thrown again by every later call.

/// The byte-level reader behind ``CSVReader``.
final class CSVReaderEngine {
    let options: CSVReadOptions
    let decoder: CSVDecoder
    // `scanner` and `position` are used in place by `next(into:)`, never overlappingly; the
    // run-time exclusivity checks (or a copy into locals) cost tens of instructions per record.
    @exclusivity(unchecked) private(set) var scanner: CSVScanner
    private(set) var delimiterSource: CSVDialect.DelimiterSource
    private(set) var hadSepLine = false
    /// Non-fatal problems kept, in order.
    private(set) var problems: [CSVError] = []
    /// Non-fatal problems beyond ``CSVReadOptions/maxStoredProblems``.
    private(set) var omittedProblemCount = 0
    /// Fields the header has, once known: records are checked against it.
    var expectedFieldCount: Int?
    /// Index of the next record.
    private(set) var recordIndex = 0

    /// The decoded chunk: `chunkCount` bytes in use of `chunkCapacity`.
    private var chunk: UnsafeMutablePointer<UInt8>
    private var chunkCapacity: Int
    private var chunkCount = 0
    /// Transcoded input on its way to the chunk (iconv appends to an array).
    private var transcoded: [UInt8] = []
    @exclusivity(unchecked) private var position = 0
    private var bufferStart: Int64 = 0
    private var inputDone = false
    private var fatal: CSVError?
    /// Whether ``fatal`` is set: one byte to test per record instead of an optional error.
    private var failed = false
    private var recordRawStart: Int64?

    private let maxFieldBytes: Int
    private let maxFields: Int
    private let maxRecordBytes: Int
    /// Records with more bytes than this may break a size limit and are checked field by field.
    private let sizeCheckThreshold: Int
    private let transcoding: Bool
    private let byteOrderMarkLength: Int64

    /// The largest prefix sniffed for the dialect.
    private static let sniffWindow = 1 << 16

    /// Opens `input`: detects the encoding, reads the `sep=` line and sniffs the delimiter.
    init(input: CSVInput, options: CSVReadOptions) throws {
        self.options = options
        if let delimiter = options.delimiter,
           delimiter == 0 || delimiter == 0x22 || delimiter == 0x0A || delimiter == 0x0D || delimiter >= 0x80 {
            throw CSVError(kind: .unsupportedDelimiter(delimiter), fileName: options.fileName, position: CSVPosition())
        }
        decoder = try CSVDecoder(input: input, encoding: options.encoding)
        maxFieldBytes = options.maxFieldBytes
        maxFields = options.maxFields
        maxRecordBytes = options.maxRecordBytes
        sizeCheckThreshold = min(options.maxFieldBytes, options.maxRecordBytes)
        transcoding = decoder.needsOffsetMap
        byteOrderMarkLength = Int64(decoder.byteOrderMarkLength)
        var analysis: DialectSniffer.Analysis?
        var worthAnalysing = true
        var buffer: [UInt8] = []
        while analysis == nil {
            let complete = inputDone || buffer.count >= Self.sniffWindow
            if worthAnalysing || complete {
                analysis = DialectSniffer.analyze(buffer, isComplete: complete, hasHeader: options.hasHeader)
            }
            if analysis != nil || complete { break }
            let before = buffer.count
            do {
                if try decoder.read(appendingTo: &buffer) == 0 { inputDone = true }
            } catch is CSVDecoder.Failure {
                analysis = DialectSniffer.analyze(buffer, isComplete: true, hasHeader: options.hasHeader)
            }
            // Analyse again only when it may now decide: a short start (sep= line) or a new line break.
            let fresh = buffer[before...]
            worthAnalysing = buffer.count < 8 || fresh.contains(0x0A) || fresh.contains(0x0D)
        }
        let found = analysis ?? DialectSniffer.Analysis()
        // The chunk holds the sniffed start, then the chunks read after it, and a few bytes more
        // for a sequence carried over from one read to the next.
        let capacity = max(buffer.count, options.chunkSize) + 8
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        buffer.withUnsafeBufferPointer { sniffed in
            if let base = sniffed.baseAddress { storage.initialize(from: base, count: sniffed.count) }
        }
        chunk = storage
        chunkCapacity = capacity
        chunkCount = buffer.count
        let delimiter: UInt8
        if let given = options.delimiter {
            delimiter = given
            delimiterSource = .option
        } else if let sep = found.sepDelimiter {
            delimiter = sep
            delimiterSource = .sepLine
        } else if let sniffed = found.sniffed {
            delimiter = sniffed
            delimiterSource = .sniffed
        } else {
            delimiter = 0x2C
            delimiterSource = .defaulted
        }
        scanner = CSVScanner(delimiter: delimiter)
        let start = CSVPosition(byteOffset: Int64(decoder.byteOrderMarkLength), line: 1, recordIndex: 0)
        if let sep = found.sepDelimiter {
            hadSepLine = true
            position = found.sepLineLength
            scanner.skip(bytes: found.sepLineLength, lines: found.sepLineBreaks)
            if sep != delimiter {
                note(CSVError(kind: .sepLineOverridden(sepLine: sep, used: delimiter), fileName: options.fileName,
                              position: start))
            }
        }
        if delimiterSource == .sniffed, !found.tied.isEmpty {
            let line = CSVPosition(byteOffset: start.byteOffset, line: scanner.line, recordIndex: 0)
            note(CSVError(kind: .ambiguousDelimiter(chosen: delimiter, tied: found.tied), fileName: options.fileName,
                          position: line))
        }
    }

    deinit { chunk.deallocate() }

    /// The line breaks seen so far.
    var lineEnding: CSVDialect.LineEnding {
        let kinds = [(scanner.crlfCount, CSVDialect.LineEnding.crlf), (scanner.lfCount, .lf), (scanner.crCount, .cr)]
            .filter { $0.0 > 0 }
        if kinds.isEmpty { return .none }
        return kinds.count == 1 ? kinds[0].1 : .mixed
    }

    /// Keeps a non-fatal problem (or counts it past the limit).
    func note(_ problem: CSVError) {
        if problems.count < options.maxStoredProblems { problems.append(problem) } else { omittedProblemCount += 1 }
    }

    /// Reads the next record into `record`, checking its field count when ``expectedFieldCount`` is set.
    /// - Returns: `false` at the end of the input.
    /// - Throws: ``CSVError``; see ``CSVError/isRecoverable``.
    /// - Complexity: O(n) in the record's bytes; no allocation unless the record outgrows its buffers.
    func next(into record: inout CSVByteRecord) throws -> Bool {
        if failed, let fatal { throw fatal }
        var available = chunkCount
        var outCount = 0
        var endsCount = 0
        recordRawStart = nil
        while true {
            let result: CSVScanner.Result
            if position == available {
                if !inputDone {
                    try refill(scanner: scanner, fieldIndex: endsCount)
                    position = 0
                    available = chunkCount
                    continue
                }
                result = record.storage.withUnsafeMutableBufferPointer { out in
                    record.ends.withUnsafeMutableBufferPointer { ends in
                        scanner.finish(into: out, &outCount, ends: ends, &endsCount)
                    }
                }
            } else {
                let input = UnsafeBufferPointer(start: chunk + position, count: available &- position)
                let (scanned, consumed) = record.storage.withUnsafeMutableBufferPointer { out in
                    record.ends.withUnsafeMutableBufferPointer { ends in
                        scanner.scan(input, into: out, &outCount, ends: ends, &endsCount)
                    }
                }
                position += consumed
                result = scanned
            }
            switch result {
            case .needInput:
                continue
            case .outputFull:
                try growBytes(&record, used: outCount, fields: endsCount, scanner: scanner)
            case .endsFull:
                try growEnds(&record, used: endsCount, scanner: scanner)
            case .end:
                return false
            case .unterminatedQuote:
                throw fail(.unterminatedQuote(openedAtLine: scanner.quoteLine), at: recordPosition(scanner),
                           column: endsCount + 1)
            case .record:
                record.byteCount = outCount &- (endsCount &- 1)
                record.count = endsCount
                record.position = transcoding
                    ? recordPosition(scanner)
                    : CSVPosition(byteOffset: scanner.recordStartOffset + byteOrderMarkLength,
                                  line: scanner.recordStartLine, recordIndex: recordIndex)
                recordIndex += 1
                if outCount > sizeCheckThreshold || endsCount > maxFields || scanner.anomaly != nil
                    || (expectedFieldCount.map { $0 != endsCount } ?? false) {
                    try check(&record, scanner: scanner)
                }
                return true
            }
        }
    }

    /// Applies the limits, notes leniencies and checks the field count of a complete record.
    private func check(_ record: inout CSVByteRecord, scanner: CSVScanner) throws {
        if record.byteCount > maxRecordBytes {
            throw fail(.recordTooLarge(limit: maxRecordBytes), at: record.position, column: nil)
        }
        if record.count > maxFields {
            throw fail(.tooManyFields(limit: maxFields), at: record.position, column: nil)
        }
        var start = 0
        for index in 0..<record.count {
            let end = record.ends[index]
            if end - start > maxFieldBytes {
                throw fail(.fieldTooLarge(limit: maxFieldBytes), at: record.position, column: index + 1)
            }
            start = end + 1
        }
        if let anomaly = scanner.anomaly {
            var where_ = record.position
            where_.line = anomaly.line
            note(CSVError(kind: anomaly.strayQuote ? .strayQuote : .textAfterClosingQuote,
                          fileName: options.fileName, position: where_, column: anomaly.field + 1))
        }
        guard let expected = expectedFieldCount, record.count != expected else { return }
        if record.count > expected {
            // The extra fields are empty when only their separators lie after the last expected field.
            let extraFields = record.count - expected
            let after = record.ends[record.count - 1] - (expected == 0 ? -1 : record.ends[expected - 1])
            if after == extraFields {
                record.count = expected
                record.byteCount = expected == 0 ? 0 : record.ends[expected - 1] - (expected - 1)
                return
            }
        }
        throw CSVError(kind: .fieldCountMismatch(expected: expected, found: record.count), fileName: options.fileName,
                       position: record.position)
    }

    /// Where the scanner's current record starts.
    private func recordPosition(_ scanner: CSVScanner) -> CSVPosition {
        let raw: Int64
        if let recordRawStart {
            raw = recordRawStart
        } else {
            raw = rawOffset(of: scanner.recordStartOffset)
        }
        return CSVPosition(byteOffset: raw, line: scanner.recordStartLine, recordIndex: recordIndex)
    }

    /// The undecoded offset of decoded offset `decoded`, which must be in the current chunk.
    private func rawOffset(of decoded: Int64) -> Int64 {
        if !decoder.needsOffsetMap { return decoded + Int64(decoder.byteOrderMarkLength) }
        return decoder.rawOffset(of: decoded, in: UnsafeBufferPointer(start: chunk, count: chunkCount),
                                 bufferStart: bufferStart)
    }

    /// Replaces the consumed chunk with the next one.
    private func refill(scanner: CSVScanner, fieldIndex: Int) throws {
        if decoder.needsOffsetMap, !scanner.isBetweenRecords, recordRawStart == nil {
            recordRawStart = rawOffset(of: scanner.recordStartOffset)
        }
        bufferStart += Int64(chunkCount)
        chunkCount = 0
        position = 0
        do {
            if transcoding {
                transcoded.removeAll(keepingCapacity: true)
                if try decoder.read(appendingTo: &transcoded) == 0 { inputDone = true }
                if transcoded.count > chunkCapacity {
                    chunk.deallocate()
                    chunkCapacity = transcoded.count
                    chunk = .allocate(capacity: chunkCapacity)
                }
                transcoded.withUnsafeBufferPointer { bytes in
                    if let base = bytes.baseAddress { chunk.update(from: base, count: bytes.count) }
                }
                chunkCount = transcoded.count
            } else {
                chunkCount = try decoder.read(into: UnsafeMutableBufferPointer(start: chunk, count: chunkCapacity))
                if chunkCount == 0 { inputDone = true }
            }
        } catch let failure as CSVDecoder.Failure {
            let between = scanner.isBetweenRecords
            let place = CSVPosition(byteOffset: failure.rawOffset, line: scanner.line, recordIndex: recordIndex)
            throw fail(failure.kind, at: place, column: between ? 1 : fieldIndex + 1)
        } catch let error as CSVError {
            throw fail(error.kind, at: CSVPosition(byteOffset: bufferStart, line: scanner.line, recordIndex: recordIndex),
                       column: nil)
        }
    }

    /// Grows the byte buffer, unless the field or record is over its limit.
    private func growBytes(_ record: inout CSVByteRecord, used: Int, fields: Int, scanner: CSVScanner) throws {
        // `used` counts a separator after each of the `fields` complete fields.
        let fieldStart = fields == 0 ? 0 : record.ends[fields - 1] + 1
        if used - fieldStart > maxFieldBytes {
            throw fail(.fieldTooLarge(limit: options.maxFieldBytes), at: recordPosition(scanner), column: fields + 1)
        }
        if used - fields > maxRecordBytes {
            throw fail(.recordTooLarge(limit: maxRecordBytes), at: recordPosition(scanner), column: nil)
        }
        let capacity = min(max(record.storage.count * 2, 1024), maxRecordBytes + maxFields + 1)
        let target = max(capacity, used + 1)
        record.storage.append(contentsOf: repeatElement(0, count: target - record.storage.count))
    }

    /// Grows the field-end buffer, unless the record has too many fields.
    private func growEnds(_ record: inout CSVByteRecord, used: Int, scanner: CSVScanner) throws {
        if used >= maxFields {
            throw fail(.tooManyFields(limit: maxFields), at: recordPosition(scanner), column: nil)
        }
        let target = max(min(record.ends.count * 2, maxFields), used + 1)
        record.ends.append(contentsOf: repeatElement(0, count: target - record.ends.count))
    }

    /// Remembers a fatal error and returns it for throwing.
    private func fail(_ kind: CSVError.Kind, at place: CSVPosition, column: Int?) -> CSVError {
        let error = CSVError(kind: kind, fileName: options.fileName, position: place, column: column)
        fatal = error
        failed = true
        return error
    }

    /// The position of the next byte to read, for errors that are not about a record.
    var currentPosition: CSVPosition {
        CSVPosition(byteOffset: rawOffset(of: scanner.offset), line: scanner.line, recordIndex: recordIndex)
    }
}
