import Foundation
import Testing
@testable import HTTPServer

/// How a test hands the stream to the parser: whole, one byte at a time, or in seeded random chunks.
enum Feed: CaseIterable, CustomTestStringConvertible, Sendable {
    case whole, byteByByte, randomSeed7, randomSeed1234

    var testDescription: String { "\(self)" }

    /// The size of each successive piece.
    func sizes() -> () -> Int {
        switch self {
        case .whole: return { Int.max }
        case .byteByByte: return { 1 }
        case .randomSeed7, .randomSeed1234:
            var state: UInt64 = self == .randomSeed7 ? 7 : 1_234
            return {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return 1 + Int(state >> 60)   // 1...16 bytes
            }
        }
    }
}

/// Everything parsing a stream produced, comparable across feeds.
struct ParseOutcome: Equatable {
    var requests: [HTTPRequest] = []
    /// The stream offset after each request.
    var ends: [Int] = []
    var error: HTTPParseError?
}

/// Parses `text` (its UTF-8 bytes) to the end with `feed`, then calls `finish()`.
func parseStream(_ text: String, feed: Feed, limits: HTTPParserLimits = HTTPParserLimits(),
                 acceptsBareLF: Bool = false) -> ParseOutcome {
    parseStream(Array(text.utf8), feed: feed, limits: limits, acceptsBareLF: acceptsBareLF)
}

/// Parses `bytes` to the end with `feed`, then calls `finish()`.
func parseStream(_ bytes: [UInt8], feed: Feed, limits: HTTPParserLimits = HTTPParserLimits(),
                 acceptsBareLF: Bool = false) -> ParseOutcome {
    var parser = HTTPRequestParser(limits: limits, acceptsBareLF: acceptsBareLF)
    var outcome = ParseOutcome()
    let next = feed.sizes()
    var at = 0
    do throws(HTTPParseError) {
        while at < bytes.count {
            let piece = bytes[at..<min(bytes.count, at + min(next(), bytes.count - at))]
            let (progress, used) = try parser.parse(piece)
            #expect(used <= piece.count)
            at += used
            if progress == .complete {
                guard let request = parser.takeRequest() else { Issue.record("complete without a request"); break }
                outcome.requests.append(request)
                outcome.ends.append(at)
            } else {
                #expect(used == piece.count)
            }
        }
        try parser.finish()
    } catch {
        outcome.error = error
    }
    return outcome
}

/// `text` without its `«` marker, and the byte offset the marker stood at.
func marked(_ text: String) -> (bytes: [UInt8], offset: Int) {
    let parts = text.components(separatedBy: "«")
    precondition(parts.count == 2, "one marker expected in \(text.debugDescription)")
    return (Array(parts.joined().utf8), parts[0].utf8.count)
}
