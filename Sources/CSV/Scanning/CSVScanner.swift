// Design note: the scanner is the fast core under `CSVReader`, modelled on rust-csv's csv-core.
// It never allocates and never fails. The caller hands it a slice of decoded UTF-8 input and
// two buffers it owns: one for field bytes (quotes removed, doubled quotes undone, one separator
// byte kept between two fields, so that unquoted text is copied without shifting) and one for
// field end offsets (field k + 1 starts one byte after the end of field k). `scan` consumes input until a record is complete, the input runs out or
// a buffer is full, and says which; the caller refills or grows and calls again, so a record
// may span any number of input chunks and the result never depends on how input was cut.
// Away from the ends of the input and output it works in 64-byte blocks (see `scanBlocks`);
// near them each state has its own byte-wise loop, and both give the same records.

/// The RFC 4180 state machine (with Excel's leniencies) over UTF-8 bytes.
struct CSVScanner {
    /// Where the machine stands between two bytes.
    enum State: UInt8 {
        /// Before a record; blank lines are skipped here.
        case recordStart
        /// Just after a CR that ended a line: an LF right after belongs to it.
        case afterCR
        /// Before a field's first byte.
        case fieldStart
        /// Inside an unquoted field.
        case unquoted
        /// Inside a quoted field.
        case quoted
        /// Inside a quoted field, just after a CR.
        case quotedAfterCR
        /// Inside a quoted field, just after a quote: a doubled quote or the closing one.
        case quoteInQuoted

        /// Whether the block path (``scanBlocks``) goes on from this state.
        var usesBlocks: Bool { self == .recordStart || self == .fieldStart || self == .unquoted || self == .quoted }
    }

    /// Why ``scan(_:into:_:ends:_:)`` returned.
    enum Result: Equatable {
        /// A record is complete: its fields are in the buffers.
        case record
        /// All input was consumed in the middle of a record (or between records).
        case needInput
        /// The byte buffer is full; grow it and call again.
        case outputFull
        /// The field-end buffer is full; grow it and call again.
        case endsFull
        /// ``finish(into:_:ends:_:)`` only: no record was pending.
        case end
        /// ``finish(into:_:ends:_:)`` only: the input ended inside a quoted field.
        case unterminatedQuote
    }

    /// A leniency used in the current record, reported as a warning by the reader.
    struct Anomaly: Equatable {
        /// A stray quote (`true`) or text after a closing quote (`false`).
        var strayQuote: Bool
        /// The field, from 0.
        var field: Int
        /// The physical line.
        var line: Int
    }

    private static let quote: UInt8 = 0x22
    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A

    /// The field delimiter.
    let delimiter: UInt8
    /// The current state.
    private(set) var state: State = .recordStart
    /// The physical line of the next byte, from 1.
    private(set) var line = 1
    /// Decoded bytes consumed so far.
    private(set) var offset: Int64 = 0
    /// Decoded offset of the current (or last) record's first byte.
    private(set) var recordStartOffset: Int64 = 0
    /// Line of the current (or last) record's first byte.
    private(set) var recordStartLine = 1
    /// Line on which the current quoted field opened.
    private(set) var quoteLine = 1
    /// The first leniency used in the current record.
    private(set) var anomaly: Anomaly?
    /// Line ends seen outside quoted fields.
    private(set) var crlfCount = 0, lfCount = 0, crCount = 0
    /// The block path's last mask and the decoded offset of its first byte (see ``scanBlocks``).
    private var cachedBlockMask: UInt64 = 0
    private var cachedBlockOffset: Int64 = -128

    /// Creates a scanner for `delimiter`, which must not be `"`, CR or LF.
    init(delimiter: UInt8) { self.delimiter = delimiter }

    /// Whether the machine is between records (no record is partly scanned).
    var isBetweenRecords: Bool { state == .recordStart || state == .afterCR }

    /// Skips a prefix the reader handled itself (a `sep=` line): `bytes` bytes holding `lines` line ends.
    mutating func skip(bytes: Int, lines: Int) {
        offset += Int64(bytes)
        line += lines
    }

    /// Scans `input` into `out` (field bytes, from `outCount`) and `ends` (field ends, from `endsCount`).
    ///
    /// Inlined into the caller: a record that the block path completes (nearly every record away
    /// from the ends of a chunk) goes straight to ``scanBlocks`` without the byte-wise machine's
    /// entry and exit, which cost more than the rest of the record's bookkeeping.
    /// - Returns: why it stopped, and how many input bytes it consumed.
    /// - Complexity: O(n) in the consumed bytes; one comparison chain per byte, runs copied at once.
    @inline(__always)
    mutating func scan(_ input: UnsafeBufferPointer<UInt8>,
                       into out: UnsafeMutableBufferPointer<UInt8>, _ outCount: inout Int,
                       ends: UnsafeMutableBufferPointer<Int>, _ endsCount: inout Int) -> (Result, Int) {
        if let inp = input.baseAddress, let dst = out.baseAddress, let endp = ends.baseAddress,
           Self.blockSlack <= input.count, outCount &+ Self.blockSlack <= out.count, state.usesBlocks {
            var i = 0, o = outCount, e = endsCount
            let result = scanBlocks(inp, input.count, dst, out.count, endp, ends.count, &i, &o, &e)
            outCount = o
            endsCount = e
            offset &+= Int64(i)
            if let result { return (result, i) }
            let (rest, consumed) = scanBytes(UnsafeBufferPointer(start: inp + i, count: input.count &- i),
                                             into: out, &outCount, ends: ends, &endsCount)
            return (rest, i &+ consumed)
        }
        return scanBytes(input, into: out, &outCount, ends: ends, &endsCount)
    }

    /// ``scan(_:into:_:ends:_:)`` for any state and any room: the byte-wise machine, which takes
    /// the block path whenever there is room for it.
    @inline(never)
    private mutating func scanBytes(_ input: UnsafeBufferPointer<UInt8>,
                                    into out: UnsafeMutableBufferPointer<UInt8>, _ outCount: inout Int,
                                    ends: UnsafeMutableBufferPointer<Int>, _ endsCount: inout Int) -> (Result, Int) {
        guard let inp = input.baseAddress, let dst = out.baseAddress, let endp = ends.baseAddress else {
            return (input.isEmpty ? .needInput : (out.isEmpty ? .outputFull : .endsFull), 0)
        }
        let n = input.count, outCap = out.count, endsCap = ends.count
        let delim = delimiter, quote = Self.quote, cr = Self.cr, lf = Self.lf
        let delimiters = Self.repeated(delim), quotes = Self.repeated(quote)
        var i = 0
        var o = outCount
        defer { outCount = o; offset += Int64(i) }
        while true {
            // Whole 64-byte blocks while input and output have room to spare (see scanBlocks).
            if i + Self.blockSlack <= n, o + Self.blockSlack <= outCap, state.usesBlocks {
                var e = endsCount
                let result = scanBlocks(inp, n, dst, outCap, endp, endsCap, &i, &o, &e)
                endsCount = e
                if let result { return (result, i) }
            }
            switch state {
            case .recordStart:
                while i < n {
                    let b = inp[i]
                    if b == lf { lfCount += 1; line += 1; i += 1 } else if b == cr {
                        line += 1; i += 1
                        if i < n {
                            if inp[i] == lf { crlfCount += 1; i += 1 } else { crCount += 1 }
                        } else {
                            state = .afterCR; return (.needInput, i)
                        }
                    } else { break }
                }
                if i == n { return (.needInput, i) }
                recordStartOffset = offset + Int64(i)
                recordStartLine = line
                anomaly = nil
                state = .fieldStart
            case .afterCR:
                if i == n { return (.needInput, i) }
                if inp[i] == lf { crlfCount += 1; i += 1 } else { crCount += 1 }
                state = .recordStart
            case .fieldStart:
                if i == n { return (.needInput, i) }
                if inp[i] == quote {
                    i += 1; quoteLine = line; state = .quoted
                } else {
                    state = .unquoted
                }
            case .unquoted:
                // Fields follow each other here without going back through the switch; `limit`
                // keeps both the input and the output in bounds (every byte up to a line end
                // takes one byte of output, a delimiter as the separator).
                let limit = min(n, i + (outCap - o))
                var e = endsCount
                defer { endsCount = e }
                while true {
                    var b: UInt8 = 0
                    var found = false
                    while i + 8 <= limit {
                        let word = UnsafeRawPointer(inp + i).loadUnaligned(as: UInt64.self)
                        UnsafeMutableRawPointer(dst + o).storeBytes(of: word, as: UInt64.self)
                        let hits = Self.zeroBytes(word ^ delimiters) | Self.zeroBytes(word ^ quotes) | Self.controls(word)
                        if hits == 0 { i += 8; o += 8; continue }
                        let k = hits.trailingZeroBitCount >> 3
                        i += k; o += k
                        b = inp[i]
                        found = true
                        break
                    }
                    if !found {
                        while i < limit {
                            b = inp[i]
                            if b == delim || b == cr || b == lf || b == quote { found = true; break }
                            dst[o] = b; i += 1; o += 1
                        }
                        if !found { return (i == n ? .needInput : .outputFull, i) }
                    }
                    if b == delim {
                        // The delimiter stays as the separator (`i < limit` left room for it).
                        if e == endsCap { return (.endsFull, i) }
                        endp[e] = o
                        e += 1
                        dst[o] = delim; i += 1; o += 1
                        if i < n && inp[i] != quote { continue }
                        state = .fieldStart
                        break
                    }
                    if b == lf || b == cr {
                        if e == endsCap { return (.endsFull, i) }
                        endp[e] = o
                        e += 1
                        i += 1
                        line += 1
                        if b == lf {
                            lfCount += 1; state = .recordStart
                        } else {
                            state = .afterCR
                        }
                        return (.record, i)
                    }
                    // A stray quote (kept) or another control byte flagged by the word test.
                    if b == quote, anomaly == nil { anomaly = Anomaly(strayQuote: true, field: e, line: line) }
                    dst[o] = b; i += 1; o += 1
                }
            case .quoted:
                let limit = min(n, i + (outCap - o))
                var b: UInt8 = 0
                var found = false
                while i + 8 <= limit {
                    let word = UnsafeRawPointer(inp + i).loadUnaligned(as: UInt64.self)
                    UnsafeMutableRawPointer(dst + o).storeBytes(of: word, as: UInt64.self)
                    let hits = Self.zeroBytes(word ^ quotes) | Self.controls(word)
                    if hits == 0 { i += 8; o += 8; continue }
                    let k = hits.trailingZeroBitCount >> 3
                    i += k; o += k
                    b = inp[i]
                    if b == quote || b == cr || b == lf { found = true; break }
                    i += 1; o += 1
                }
                if !found {
                    while i < limit {
                        b = inp[i]
                        if b == quote || b == cr || b == lf { found = true; break }
                        dst[o] = b; i += 1; o += 1
                    }
                    if !found { return (i == n ? .needInput : .outputFull, i) }
                }
                i += 1
                if b == quote {
                    state = .quoteInQuoted
                } else {
                    dst[o] = b; o += 1
                    line += 1
                    if b == cr { state = .quotedAfterCR }
                }
            case .quotedAfterCR:
                if i == n { return (.needInput, i) }
                if inp[i] == lf {
                    if o == outCap { return (.outputFull, i) }
                    dst[o] = lf; o += 1; i += 1
                }
                state = .quoted
            case .quoteInQuoted:
                if i == n { return (.needInput, i) }
                let b = inp[i]
                if b == quote {
                    if o == outCap { return (.outputFull, i) }
                    dst[o] = quote; o += 1; i += 1
                    state = .quoted
                } else {
                    if b != delim && b != cr && b != lf && anomaly == nil {
                        anomaly = Anomaly(strayQuote: false, field: endsCount, line: line)
                    }
                    state = .unquoted
                }
            }
        }
    }

    /// Input and output room the block path needs beyond the current position: a block of 64
    /// bytes, up to two bytes consumed past it, and a 64-byte copy from there.
    private static let blockSlack = 144

    /// The block path: each 64-byte block becomes one bit mask of its delimiters, quotes, CRs and
    /// LFs (SIMD compares), and the machine then jumps from set bit to set bit (trailing-zero
    /// counts) instead of looking at every byte. The block is copied to the output up front, and
    /// again from the current position whenever a byte is dropped (a quote that opens, closes or
    /// doubles), so that bytes between events are already in place; a delimiter stays as the
    /// separator between two fields, so unquoted fields need no second copy. The last
    /// block's mask is kept with its offset in the decoded input, so the next record, which
    /// usually starts inside it, does not classify those bytes again. It also starts records
    /// (blank lines are left to the byte-wise path) and takes a CRLF as one line end, since the
    /// byte after a CR is always at hand here. Requires `i + blockSlack <= n` and `o + blockSlack <= outCap` on entry.
    ///
    /// - Returns: `.record` or `.endsFull` as ``scan(_:into:_:ends:_:)`` does, or `nil` when the
    ///   input or output room runs short, for the byte-wise path to go on from the same state.
    @inline(never)
    private mutating func scanBlocks(_ inp: UnsafePointer<UInt8>, _ n: Int, _ dst: UnsafeMutablePointer<UInt8>,
                                     _ outCap: Int, _ endp: UnsafeMutablePointer<Int>, _ endsCap: Int,
                                     _ iRef: inout Int, _ oRef: inout Int, _ eRef: inout Int) -> Result? {
        let delim = delimiter, quote = Self.quote, cr = Self.cr, lf = Self.lf
        let delimiters = SIMD16<UInt8>(repeating: delim)
        // The hot state in locals, written back once on the way out.
        var i = iRef, o = oRef, e = eRef
        var state = self.state, line = self.line
        let slackIn = n &- Self.blockSlack, slackOut = outCap &- Self.blockSlack
        // Input offset 0 is decoded offset `offset`; a block cached there is reused when it covers `i`.
        let origin = offset
        var base: Int
        var mask: UInt64
        // The events of the block at or after `i`: each handled event clears its bit, and one
        // that consumes two bytes clears the next as well (a set bit when inside the block).
        var pending: UInt64
        let cachedAt = Int(truncatingIfNeeded: cachedBlockOffset &- origin)
        if cachedAt <= i && i < cachedAt &+ 64 {
            base = cachedAt
            mask = cachedBlockMask
            pending = mask & (UInt64.max &<< UInt64(truncatingIfNeeded: i &- base))
        } else {
            base = i &- 64
            mask = 0
            pending = 0
        }
        defer {
            iRef = i; oRef = o; eRef = e
            self.state = state; self.line = line
            cachedBlockOffset = origin &+ Int64(base)
            cachedBlockMask = mask
        }
        if state == .recordStart {
            // A record starts here unless this is a blank line, which the byte-wise path skips.
            let b = inp[i]
            if b == cr || b == lf { return nil }
            recordStartOffset = origin &+ Int64(i)
            recordStartLine = line
            anomaly = nil
            state = .fieldStart
        }
        if base <= i && i < base &+ 64 {
            if state == .fieldStart {
                if inp[i] == quote {
                    i &+= 1; quoteLine = line; state = .quoted
                    pending &= pending &- 1
                } else {
                    state = .unquoted
                }
            }
            Self.copy64(inp + i, to: dst + o)
        }
        while true {
            if pending == 0 {
                let end = base &+ 64
                if i < end { o &+= end &- i; i = end }
                if i > slackIn || o > slackOut { return nil }
                if state == .fieldStart {
                    if inp[i] == quote {
                        i &+= 1; quoteLine = line; state = .quoted
                    } else {
                        state = .unquoted
                    }
                }
                base = i
                mask = Self.copyBlock(inp + base, to: dst + o, delimiters: delimiters)
                pending = mask
                continue
            }
            let k = base &+ pending.trailingZeroBitCount
            pending &= pending &- 1
            o &+= k &- i
            i = k
            let b = inp[i]
            if state == .unquoted {
                if b == delim {
                    // The delimiter is the separator, already in place; only an opening quote
                    // after it shifts what follows.
                    if e == endsCap { return .endsFull }
                    endp[e] = o
                    e &+= 1
                    i &+= 1; o &+= 1
                    if inp[i] == quote {
                        i &+= 1; quoteLine = line; state = .quoted
                        pending &= pending &- 1
                        Self.copy64(inp + i, to: dst + o)
                    }
                } else if b == quote {
                    // A stray quote, kept as it is.
                    if anomaly == nil { anomaly = Anomaly(strayQuote: true, field: e, line: line) }
                    i &+= 1; o &+= 1
                } else {
                    if e == endsCap { return .endsFull }
                    endp[e] = o
                    e &+= 1
                    i &+= 1
                    line &+= 1
                    state = .recordStart
                    if b == lf {
                        lfCount &+= 1
                    } else if inp[i] == lf {
                        i &+= 1; crlfCount &+= 1
                    } else {
                        crCount &+= 1
                    }
                    return .record
                }
            } else if b == quote {
                let next = inp[i &+ 1]
                if next == quote {
                    // A doubled quote: the first one stays (it is in place), the second goes.
                    i &+= 2; o &+= 1
                    pending &= pending &- 1
                } else {
                    if next != delim && next != cr && next != lf && anomaly == nil {
                        anomaly = Anomaly(strayQuote: false, field: e, line: line)
                    }
                    i &+= 1
                    state = .unquoted
                }
                Self.copy64(inp + i, to: dst + o)
            } else {
                // A delimiter or a line break inside quotes: kept, in place.
                i &+= 1; o &+= 1
                if b != delim {
                    line &+= 1
                    if b == cr && inp[i] == lf {
                        if i == base &+ 64 {
                            // The CR ends the block: its LF is the next block's first byte, not
                            // copied yet and not in this mask (found by the fuzzer: it was left
                            // out of the field, which read "\r\0").
                            dst[o] = lf
                        } else {
                            pending &= pending &- 1
                        }
                        i &+= 1; o &+= 1
                    }
                }
            }
        }
    }

    /// Copies 64 bytes from `src` to `dst` and returns the mask of delimiters, quotes, CRs and LFs
    /// among them (bit k for byte k).
    @inline(__always)
    private static func copyBlock(_ src: UnsafePointer<UInt8>, to dst: UnsafeMutablePointer<UInt8>,
                                  delimiters: SIMD16<UInt8>) -> UInt64 {
        let from = UnsafeRawPointer(src), to = UnsafeMutableRawPointer(dst)
        let v0 = from.loadUnaligned(as: SIMD16<UInt8>.self)
        let v1 = from.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self)
        let v2 = from.loadUnaligned(fromByteOffset: 32, as: SIMD16<UInt8>.self)
        let v3 = from.loadUnaligned(fromByteOffset: 48, as: SIMD16<UInt8>.self)
        to.storeBytes(of: v0, as: SIMD16<UInt8>.self)
        to.storeBytes(of: v1, toByteOffset: 16, as: SIMD16<UInt8>.self)
        to.storeBytes(of: v2, toByteOffset: 32, as: SIMD16<UInt8>.self)
        to.storeBytes(of: v3, toByteOffset: 48, as: SIMD16<UInt8>.self)
        return blockMask(v0, v1, v2, v3, delimiters)
    }

    /// Copies 64 bytes from `src` to `dst` (unaligned; the ranges may not overlap).
    @inline(__always)
    private static func copy64(_ src: UnsafePointer<UInt8>, to dst: UnsafeMutablePointer<UInt8>) {
        let from = UnsafeRawPointer(src), to = UnsafeMutableRawPointer(dst)
        to.storeBytes(of: from.loadUnaligned(as: SIMD16<UInt8>.self), as: SIMD16<UInt8>.self)
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self), toByteOffset: 16,
                      as: SIMD16<UInt8>.self)
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: 32, as: SIMD16<UInt8>.self), toByteOffset: 32,
                      as: SIMD16<UInt8>.self)
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: 48, as: SIMD16<UInt8>.self), toByteOffset: 48,
                      as: SIMD16<UInt8>.self)
    }

    /// The 64-bit mask of the delimiters, quotes, CRs and LFs in the 64 bytes `v0`...`v3`.
    /// The compares and `SIMDMask` logic are single vector instructions. Swift has no portable
    /// move-mask, so each hit byte (0xFF) keeps one bit, the bit of its eight-byte lane, the
    /// lanes are ORed into one word (byte j, bit l: block byte 8l + j) and that 8×8 bit matrix
    /// is transposed with three shift-and-swap steps.
    @inline(__always)
    static func blockMask(_ v0: SIMD16<UInt8>, _ v1: SIMD16<UInt8>, _ v2: SIMD16<UInt8>, _ v3: SIMD16<UInt8>,
                          _ delimiters: SIMD16<UInt8>) -> UInt64 {
        let w0 = hits(v0, delimiters) & SIMD16<UInt8>(1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2)
        let w1 = hits(v1, delimiters) & SIMD16<UInt8>(4, 4, 4, 4, 4, 4, 4, 4, 8, 8, 8, 8, 8, 8, 8, 8)
        let w2 = hits(v2, delimiters) & SIMD16<UInt8>(16, 16, 16, 16, 16, 16, 16, 16, 32, 32, 32, 32, 32, 32, 32, 32)
        let w3 = hits(v3, delimiters)
            & SIMD16<UInt8>(64, 64, 64, 64, 64, 64, 64, 64, 128, 128, 128, 128, 128, 128, 128, 128)
        let lanes = unsafeBitCast(w0 | w1 | w2 | w3, to: SIMD2<UInt64>.self)
        var x = lanes[0] | lanes[1]
        var t = (x ^ (x &>> 7)) & 0x00AA_00AA_00AA_00AA
        x ^= t ^ (t &<< 7)
        t = (x ^ (x &>> 14)) & 0x0000_CCCC_0000_CCCC
        x ^= t ^ (t &<< 14)
        t = (x ^ (x &>> 28)) & 0x0000_0000_F0F0_F0F0
        x ^= t ^ (t &<< 28)
        return x
    }

    /// 0xFF where `v` holds the delimiter, a quote, CR or LF, else 0.
    @inline(__always)
    private static func hits(_ v: SIMD16<UInt8>, _ delimiters: SIMD16<UInt8>) -> SIMD16<UInt8> {
        let found = (v .== delimiters) .| (v .== SIMD16<UInt8>(repeating: quote))
            .| (v .== SIMD16<UInt8>(repeating: cr)) .| (v .== SIMD16<UInt8>(repeating: lf))
        return unsafeBitCast(found, to: SIMD16<UInt8>.self)
    }

    /// `byte` in each of the eight bytes of a word.
    @inline(__always)
    private static func repeated(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }

    /// A word whose lowest set bit marks the first zero byte of `word` (bits above it may be
    /// false positives, so only the lowest is used).
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// A word whose lowest set bit marks the first byte below 0x0E (CR, LF, and other control
    /// bytes, which the caller tells apart), like ``zeroBytes(_:)``.
    @inline(__always)
    private static func controls(_ word: UInt64) -> UInt64 {
        (word &- 0x0E0E_0E0E_0E0E_0E0E) & ~word & 0x8080_8080_8080_8080
    }

    /// Ends the input: completes a pending record (a last line without a line end).
    ///
    /// - Returns: `.record`, `.end` when nothing was pending, `.endsFull`, or
    ///   `.unterminatedQuote` when a quoted field is open (see ``quoteLine``).
    mutating func finish(into out: UnsafeMutableBufferPointer<UInt8>, _ outCount: inout Int,
                         ends: UnsafeMutableBufferPointer<Int>, _ endsCount: inout Int) -> Result {
        switch state {
        case .recordStart:
            return .end
        case .afterCR:
            crCount += 1
            state = .recordStart
            return .end
        case .quoted, .quotedAfterCR:
            return .unterminatedQuote
        case .fieldStart, .unquoted, .quoteInQuoted:
            guard endsCount < ends.count, let endp = ends.baseAddress else { return .endsFull }
            endp[endsCount] = outCount
            endsCount += 1
            state = .recordStart
            return .record
        }
    }
}
