// Design note: the decoder turns undecoded input into validated UTF-8 for the scanner.
// It detects a byte-order mark, then either validates UTF-8 in place (no copy) or transcodes
// through iconv. A multibyte sequence cut by a chunk boundary is carried into the next chunk.
// A bad sequence does not throw at once: the good bytes before it are delivered first and the
// failure is thrown by the next call, so the reader has scanned up to the bad byte and can
// name its line and field.

/// Decodes a ``CSVInput`` into UTF-8 chunks.
final class CSVDecoder {
    /// Bytes that cannot be decoded, at undecoded offset `rawOffset`.
    struct Failure: Error {
        var rawOffset: Int64
        var kind: CSVError.Kind
    }

    /// The encoding in use (from the byte-order mark, the options, or UTF-8).
    let encoding: CSVEncoding
    /// The length of the byte-order mark at the start of the input, or 0.
    let byteOrderMarkLength: Int

    private let input: CSVInput
    private let converter: IconvConverter?
    private var offsetMap: RawOffsetMap?
    private var pending: [UInt8] = []
    private var pendingOffset: Int64
    private var failure: Failure?
    private var inputEnded = false
    private(set) var decodedCount: Int64 = 0

    /// Reads the start of `input` to detect a byte-order mark.
    /// - Parameters:
    ///   - encoding: the encoding asked for, or `nil` to detect a byte-order mark and default to UTF-8.
    /// - Throws: ``CSVError`` for UTF-16 without a byte-order mark, a mark that contradicts
    ///   `encoding`, an encoding iconv cannot convert, or an I/O failure.
    init(input: CSVInput, encoding requested: CSVEncoding?) throws {
        self.input = input
        while pending.count < 4 {
            if try input.read(appendingTo: &pending) == 0 { inputEnded = true; break }
        }
        let head = pending
        let start = CSVPosition()
        // UTF-32's marks start like UTF-16LE's (FF FE 00 00) or with NULs (00 00 FE FF): named
        // and refused, rather than read as UTF-16 full of NULs (unless asked for by name).
        if let utf32 = Self.utf32Mark(head), requested?.name.hasPrefix("UTF-32") != true {
            throw CSVError(kind: .unsupportedEncoding(byteOrderMark: utf32), fileName: input.fileName, position: start)
        }
        var detected: CSVEncoding?
        var markLength = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            detected = .utf8; markLength = 3
        } else if head.starts(with: [0xFF, 0xFE]) {
            detected = .utf16LE; markLength = 2
        } else if head.starts(with: [0xFE, 0xFF]) {
            detected = .utf16BE; markLength = 2
        }
        if let requested, let detected, requested != detected {
            throw CSVError(kind: .encodingConflict(byteOrderMark: detected.name, given: requested.name),
                           fileName: input.fileName, position: start)
        }
        if requested == nil, detected == nil, let likely = Self.utf16Guess(head) {
            throw CSVError(kind: .missingByteOrderMark(likely: likely), fileName: input.fileName, position: start)
        }
        let chosen = requested ?? detected ?? .utf8
        encoding = chosen
        byteOrderMarkLength = markLength
        pending.removeFirst(markLength)
        pendingOffset = Int64(markLength)
        if chosen.isUTF8 {
            converter = nil
        } else {
            guard let opened = IconvConverter(from: chosen.name, to: "UTF-8") else {
                throw CSVError(kind: .unknownEncoding(chosen.name), fileName: input.fileName, position: start)
            }
            converter = opened
            offsetMap = RawOffsetMap(encodingName: chosen.name, rawStart: Int64(markLength))
        }
    }

    /// `UTF-32LE`/`UTF-32BE` when `head` starts with that byte-order mark, else `nil`.
    private static func utf32Mark(_ head: [UInt8]) -> String? {
        if head.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32LE" }
        if head.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32BE" }
        return nil
    }

    /// `UTF-16LE`/`UTF-16BE` when the first bytes alternate NUL and non-NUL, else `nil`.
    private static func utf16Guess(_ head: [UInt8]) -> String? {
        if head.count >= 4 {
            if head[0] != 0 && head[1] == 0 && head[2] != 0 && head[3] == 0 { return "UTF-16LE" }
            if head[0] == 0 && head[1] != 0 && head[2] == 0 && head[3] != 0 { return "UTF-16BE" }
        } else if head.count >= 2 {
            if head[0] != 0 && head[1] == 0 { return "UTF-16LE" }
            if head[0] == 0 && head[1] != 0 { return "UTF-16BE" }
        }
        return nil
    }

    /// Appends the next decoded UTF-8 bytes to `buffer`.
    /// - Returns: how many bytes were appended; 0 only at the end of the input.
    /// - Throws: ``Failure`` once every byte before a bad sequence has been delivered;
    ///   ``CSVError`` of kind `.io` when reading fails.
    func read(appendingTo buffer: inout [UInt8]) throws -> Int {
        while true {
            if let failure { throw failure }
            let start = buffer.count
            let regionOffset = pendingOffset
            if let converter {
                if !inputEnded, try input.read(appendingTo: &pending) == 0 { inputEnded = true }
                if pending.isEmpty { return 0 }
                let outcome = pending.withUnsafeBufferPointer { converter.convert($0, appendingTo: &buffer) }
                var consumed = settle(outcome, count: pending.count, at: regionOffset,
                                      kind: .invalidBytes(encoding: encoding.name), byte: { _ in 0 })
                // iconv's output is checked too: later layers rely on valid UTF-8.
                let produced = buffer.withUnsafeBufferPointer { UTF8Validator.validate(UnsafeBufferPointer(rebasing: $0[start...])) }
                if produced != .valid {
                    buffer.removeLast(buffer.count - start)
                    failure = Failure(rawOffset: regionOffset, kind: .invalidBytes(encoding: encoding.name))
                    consumed = 0
                }
                pending.removeFirst(consumed)
                pendingOffset += Int64(consumed)
                if buffer.count > start {
                    offsetMap?.addBoundary(decoded: decodedCount, raw: regionOffset)
                }
            } else {
                buffer.append(contentsOf: pending)
                pending.removeAll(keepingCapacity: true)
                if !inputEnded, try input.read(appendingTo: &buffer) == 0 { inputEnded = true }
                let count = buffer.count - start
                if count == 0 { return 0 }
                let outcome = buffer.withUnsafeBufferPointer {
                    UTF8Validator.validate(UnsafeBufferPointer(rebasing: $0[start...]))
                }
                let mapped: IconvConverter.Outcome
                switch outcome {
                case .valid: mapped = .complete
                case .incomplete(let at): mapped = .incomplete(at: at)
                case .invalid(let at): mapped = .invalid(at: at)
                }
                let good = settle(mapped, count: count, at: regionOffset, kind: nil,
                                  byte: { buffer[start + $0] })
                pending.append(contentsOf: buffer[(start + good)...])
                buffer.removeLast(count - good)
                pendingOffset += Int64(good)
            }
            let appended = buffer.count - start
            decodedCount += Int64(appended)
            if appended > 0 { return appended }
        }
    }

    /// Reads and validates the next UTF-8 bytes in place at the start of `destination`, for input
    /// that is not transcoded (``needsOffsetMap`` is false): no copy beyond a sequence carried
    /// over from the last read, and no clearing of the memory first.
    /// - Parameter destination: room for ``CSVInput/chunkSize`` bytes plus 4.
    /// - Returns: how many bytes are ready; 0 only at the end of the input.
    /// - Throws: as ``read(appendingTo:)``.
    func read(into destination: UnsafeMutableBufferPointer<UInt8>) throws -> Int {
        precondition(converter == nil, "read(into:) is for UTF-8 input")
        guard let base = destination.baseAddress else { return 0 }
        while true {
            // Without a failure, the carried sequence is at most 3 bytes.
            if let failure { throw failure }
            precondition(destination.count > pending.count + 3, "read(into:) needs room")
            let regionOffset = pendingOffset
            var count = pending.count
            pending.withUnsafeBufferPointer { carried in
                if let from = carried.baseAddress { base.update(from: from, count: carried.count) }
            }
            pending.removeAll(keepingCapacity: true)
            if !inputEnded {
                let got = try input.read(into: UnsafeMutableRawBufferPointer(start: base + count,
                                                                             count: destination.count - count))
                if got == 0 { inputEnded = true }
                count += got
            }
            if count == 0 { return 0 }
            let ready = UnsafeBufferPointer(start: base, count: count)
            let mapped: IconvConverter.Outcome
            switch UTF8Validator.validate(ready) {
            case .valid: mapped = .complete
            case .incomplete(let at): mapped = .incomplete(at: at)
            case .invalid(let at): mapped = .invalid(at: at)
            }
            let good = settle(mapped, count: count, at: regionOffset, kind: nil, byte: { ready[$0] })
            pending.append(contentsOf: ready[good...])
            pendingOffset += Int64(good)
            decodedCount += Int64(good)
            if good > 0 { return good }
        }
    }

    /// Records a failure for `outcome` and returns how many bytes are good.
    private func settle(_ outcome: IconvConverter.Outcome, count: Int, at regionOffset: Int64,
                        kind: CSVError.Kind?, byte: (Int) -> UInt8) -> Int {
        switch outcome {
        case .complete:
            return count
        case .incomplete(let at):
            if inputEnded {
                failure = Failure(rawOffset: regionOffset + Int64(at), kind: kind ?? .invalidUTF8(byte: byte(at)))
            }
            return at
        case .invalid(let at):
            failure = Failure(rawOffset: regionOffset + Int64(at), kind: kind ?? .invalidUTF8(byte: byte(at)))
            return at
        }
    }

    /// The undecoded offset of decoded offset `decoded`, which lies in `buffer` (first byte at
    /// decoded offset `bufferStart`); queries must not go backwards.
    func rawOffset(of decoded: Int64, in buffer: UnsafeBufferPointer<UInt8>, bufferStart: Int64) -> Int64 {
        guard offsetMap != nil else { return decoded + Int64(byteOrderMarkLength) }
        return offsetMap?.rawOffset(of: decoded, in: buffer, bufferStart: bufferStart) ?? decoded
    }

    /// Whether offsets need ``rawOffset(of:in:bufferStart:)`` with the bytes at hand (transcoding).
    var needsOffsetMap: Bool { offsetMap != nil }
}
