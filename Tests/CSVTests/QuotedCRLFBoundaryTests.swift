import Testing
@testable import CSV

/// A CRLF inside a quoted field whose CR is the last byte of a 64-byte block and whose LF opens
/// the next one (found by the fuzzer: with enough input after it for the block path, the LF was
/// left out of the field, which read `\r\0`).
@Suite struct QuotedCRLFBoundaryTests {
    @Test(arguments: [63, 127, 191, 255, 319])
    func aQuotedCRLFAcrossABlockBoundaryIsKept(crOffset: Int) {
        for tail in [0, 1, 63, 64, 77, 100, 139, 300] {
            let field = String(repeating: "a", count: crOffset - 3) + "\r\n" + String(repeating: "b", count: tail)
            let bytes = Array(("x,\"" + field + "\"\n").utf8)
            for size in [1, 64, 65, 1 << 20] {
                let outcome = BlockScannerTests.read(bytes, chunkSize: size)
                #expect(outcome.records == [["x", field]], "CR at \(crOffset), tail \(tail), chunk size \(size)")
            }
        }
    }

    @Test func theFuzzersInputReadsBack() {
        // Reduced from the fuzzer's input: a 94-byte field, then a quoted field whose CRLF
        // straddles the boundary at byte 256.
        let field = String(repeating: "a", count: 159) + "\r\n" + String(repeating: "a", count: 77)
        let bytes = Array((String(repeating: "a", count: 94) + ",\"" + field + "\"\n").utf8)
        #expect(BlockScannerTests.read(bytes, chunkSize: 1 << 20).records == [[String(repeating: "a", count: 94), field]])
    }
}
