/// Maps offsets in the transcoded UTF-8 stream back to offsets in the undecoded input.
///
/// Each decoded chunk starts on a character boundary whose undecoded offset is known exactly
/// (iconv reports what it consumed). Inside a chunk, the map walks forward character by
/// character, adding each character's width in the source encoding, which it learns by
/// encoding the character back once and caching it. Queries must not go backwards; the walk is
/// therefore O(n) over the whole input. Stateful encodings (ISO-2022-*) get approximate offsets.
struct RawOffsetMap {
    private var boundaries: [(decoded: Int64, raw: Int64)] = []
    private var cursorDecoded: Int64 = 0
    private var cursorRaw: Int64 = 0
    private var asciiWidths: [Int] = []
    private var widths: [UInt32: Int] = [:]
    private let encoder: IconvConverter?

    /// Creates a map for input in `encodingName`; the decoded stream starts at undecoded `rawStart`.
    init(encodingName: String, rawStart: Int64) {
        encoder = IconvConverter(from: "UTF-8", to: encodingName)
        cursorRaw = rawStart
        asciiWidths = (0..<128).map { _ in 1 }
        for byte in 0..<128 { asciiWidths[byte] = measure([UInt8(byte)]) }
    }

    /// Records that decoded offset `decoded` corresponds to undecoded offset `raw`.
    mutating func addBoundary(decoded: Int64, raw: Int64) {
        boundaries.append((decoded, raw))
    }

    /// The undecoded offset of decoded offset `target`, which lies in `buffer` (whose first
    /// byte is at decoded offset `bufferStart`) and is not before the previous query.
    mutating func rawOffset(of target: Int64, in buffer: UnsafeBufferPointer<UInt8>, bufferStart: Int64) -> Int64 {
        snap()
        if cursorDecoded < bufferStart { cursorDecoded = bufferStart; snap() }
        while cursorDecoded < target {
            let index = Int(cursorDecoded - bufferStart)
            guard index >= 0, index < buffer.count else { break }
            let lead = buffer[index]
            let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            if lead < 0x80 {
                cursorRaw += Int64(asciiWidths[Int(lead)])
            } else {
                let end = min(buffer.count, index + length)
                var scalar: UInt32 = 0
                for k in index..<end { scalar = scalar << 8 | UInt32(buffer[k]) }
                if let width = widths[scalar] {
                    cursorRaw += Int64(width)
                } else {
                    let width = measure(Array(buffer[index..<end]))
                    widths[scalar] = width
                    cursorRaw += Int64(width)
                }
            }
            cursorDecoded += Int64(length)
            snap()
        }
        return cursorRaw
    }

    /// Applies and drops the boundaries the cursor has reached; the cursor lands exactly on
    /// each boundary because chunks end on character boundaries.
    private mutating func snap() {
        while let first = boundaries.first, first.decoded <= cursorDecoded {
            if first.decoded == cursorDecoded { cursorRaw = first.raw }
            boundaries.removeFirst()
        }
    }

    /// Bytes that the UTF-8 character `utf8` takes in the source encoding (1 when unknown).
    private func measure(_ utf8: [UInt8]) -> Int {
        guard let encoder else { return 1 }
        encoder.reset()
        var out: [UInt8] = []
        let outcome = utf8.withUnsafeBufferPointer { encoder.convert($0, appendingTo: &out) }
        return outcome == .complete && !out.isEmpty ? out.count : 1
    }
}
