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
