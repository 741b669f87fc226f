import HTTPServer

// Design note: the oracle states what must hold for any input; a broken promise stops the
// process (precondition), which libFuzzer or the replay driver records as a crash.
// Promises checked (docs/http.md, Fuzzing):
// - parsing never crashes and never hangs: each call consumes at most what it was given, a
//   completed request consumed at least one byte;
// - every error carries a status among 400, 413, 414, 431, 501, 505 and an offset inside the
//   input; a failed parser throws the same error again;
// - every request respects the limits (headers, target, body);
// - the stream parsed whole, one byte at a time (short inputs) and in seeded random chunks
//   gives the same requests, the same error and the same consumed count.

/// The checks run on each fuzz input: the first byte picks the settings, the rest is the stream.
///
/// | bits | setting |
/// |---|---|
/// | 0 | bare LF accepted |
/// | 1 | tiny limits (4 headers, 64-byte lines and targets, 200 header bytes, 100-byte bodies) |
/// | 2-7 | the seed of the chunk sizes |
enum HTTPFuzzOracle {
    static let tiny = HTTPParserLimits(maxMethodBytes: 8, maxTargetBytes: 64, maxHeaderCount: 4, maxHeaderLineBytes: 64,
                                       maxHeaderBytes: 200, maxBodyBytes: 100, maxChunkLineBytes: 32,
                                       maxTrailerCount: 2, maxTrailerBytes: 80, maxLeadingEmptyLines: 2)

    /// What parsing a stream produced.
    struct Outcome: Equatable {
        var requests: [HTTPRequest] = []
        var error: HTTPParseError?
        var consumed = 0
    }

    /// Runs every check on one input.
    static func check(_ data: [UInt8]) {
        guard let first = data.first else { return }
        let stream = Array(data.dropFirst())
        let limits = first & 2 != 0 ? tiny : HTTPParserLimits()
        let lf = first & 1 != 0
        let whole = parse(stream, limits: limits, bareLF: lf, sizes: { _ in Int.max })
        var state = UInt64(first >> 2) &+ 0x9E37_79B9
        let chunked = parse(stream, limits: limits, bareLF: lf, sizes: { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return 1 + Int(state >> 59)
        })
        precondition(whole == chunked, "chunked parsing differs from whole: \(whole.error.map(\.description) ?? "-") vs \(chunked.error.map(\.description) ?? "-")")
        if stream.count <= 4_096 {
            precondition(whole == parse(stream, limits: limits, bareLF: lf, sizes: { _ in 1 }), "byte-by-byte parsing differs")
        }
    }

    /// Parses `stream` in pieces of `sizes(n)` bytes, checking each call's promises.
    static func parse(_ stream: [UInt8], limits: HTTPParserLimits, bareLF: Bool, sizes: (Int) -> Int) -> Outcome {
        var parser = HTTPRequestParser(limits: limits, acceptsBareLF: bareLF)
        var outcome = Outcome()
        var at = 0, calls = 0
        while at < stream.count {
            calls += 1
            precondition(calls <= 2 * stream.count + 2, "the parser does not advance")
            let piece = stream[at..<min(stream.count, at + max(1, min(sizes(calls), stream.count - at)))]
            do {
                let (progress, used) = try parser.parse(piece)
                precondition(used >= 0 && used <= piece.count, "consumed more than given")
                at += used
                if progress == .complete {
                    guard let request = parser.takeRequest() else { preconditionFailure("complete without a request") }
                    precondition(request.headers.count <= limits.maxHeaderCount, "headers beyond the limit")
                    precondition(request.trailers.count <= limits.maxTrailerCount, "trailers beyond the limit")
                    precondition(request.body.count <= limits.maxBodyBytes, "body beyond the limit")
                    precondition(request.target.utf8.count <= limits.maxTargetBytes, "target beyond the limit")
                    outcome.requests.append(request)
                } else {
                    precondition(used == piece.count, "needMore without consuming everything")
                }
            } catch {
                precondition([400, 413, 414, 431, 501, 505].contains(error.status), "unexpected status")
                precondition(error.offset >= 0 && error.offset < stream.count, "error offset outside the input")
                do {
                    _ = try parser.parse(stream[at...])
                    preconditionFailure("a failed parser went on")
                } catch let again {
                    precondition(again == error, "a failed parser threw another error")
                }
                outcome.error = error
                break
            }
        }
        outcome.consumed = outcome.error == nil ? at : -1   // a failing call reports no count
        if outcome.error == nil {
            do {
                try parser.finish()
            } catch {
                precondition(error.code == .incompleteRequest && error.offset == stream.count, "finish threw \(error)")
            }
        }
        return outcome
    }
}
