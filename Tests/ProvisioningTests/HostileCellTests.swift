import Foundation
import Testing
@testable import Provisioning

/// Cells made to be slow: "did you mean" suggestions must not cost time proportional to the
/// cell times every candidate name (found by the fuzzer: a 200,000-character country cell
/// took 70 s to plan before candidates too far in length were skipped).
@Suite struct HostileCellTests {
    @Test(.timeLimit(.minutes(1)))
    func aHugeCountryCellFailsWithoutSuggestionsAtOnce() throws {
        let started = Date()
        let request = try IntakeTestSupport.single(header: "UserPrincipalName,DisplayName,UsageLocation",
                                                   row: "ada@contoso.com,Ada," + String(repeating: "Q", count: 200_000))
        let problem = try #require(request?.problems.first)
        #expect(problem.field == "UsageLocation" && problem.line == 2 && problem.column == 3)
        #expect(!problem.message.contains("did you mean"))
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func candidatesTooFarInLengthAreNeverSuggested() {
        let candidates = [(key: "germany", name: "Germany"), (key: "de", name: "DE")]
        #expect(EditDistance.closest(to: "germny", among: candidates, threshold: 2) == ["Germany"])
        #expect(EditDistance.closest(to: String(repeating: "g", count: 100_000), among: candidates, threshold: 50_000).isEmpty)
    }
}
