import Testing
@testable import Provisioning

@Suite struct NameFingerprintsTests {
    @Test func everyRepeatIsFoundWithItsFirstLineAcrossGrowth() {
        var table = NameFingerprints(capacity: 16)
        for index in 0..<50_000 { #expect(table.firstSighting(of: "user\(index)@contoso.com", line: index + 2) == nil) }
        for index in stride(from: 0, to: 50_000, by: 997) {
            #expect(table.firstSighting(of: "user\(index)@contoso.com", line: 99_999) == index + 2)
        }
        #expect(table.firstSighting(of: "someone-new@contoso.com", line: 7) == nil)
    }
}

@Suite struct NameFingerprintsSizingTests {
    /// A table sized up front for more names than it gets still finds every repeat.
    @Test func presizedTableFindsRepeats() {
        var table = NameFingerprints(capacity: 1 << 16)
        for index in 0..<1_000 { #expect(table.firstSighting(of: "u\(index)@contoso.com", line: index + 2) == nil) }
        #expect(table.firstSighting(of: "u999@contoso.com", line: 5_000) == 1_001)
    }
}
