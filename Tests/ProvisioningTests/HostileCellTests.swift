import Foundation
import Testing
@testable import Provisioning

/// Cells made to be slow: "did you mean" suggestions must not cost time proportional to the
/// cell times every candidate name (found by the fuzzer: a 200,000-character country cell
/// took 70 s to plan before candidates too far in length were skipped).
@Suite struct HostileCellTests {
    /// CPU time of the calling thread, so that other tests running at the same time do not count.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    @Test func aHugeCountryCellFailsWithoutSuggestionsAtOnce() throws {
        let started = Self.threadCPUSeconds()
        let request = try IntakeTestSupport.single(header: "UserPrincipalName,DisplayName,UsageLocation",
                                                   row: "ada@contoso.com,Ada," + String(repeating: "Q", count: 200_000))
        let problem = try #require(request?.problems.first)
        #expect(problem.field == "UsageLocation" && problem.line == 2 && problem.column == 3)
        #expect(!problem.message.contains("did you mean"))
        #expect(Self.threadCPUSeconds() - started < 10, "70 s of CPU before candidates were pruned by length")
    }

    @Test func manyRowsWithUnknownCountriesStayCheap() throws {
        let started = Self.threadCPUSeconds()
        let rows = (0..<300).map { "u\($0)@contoso.com,User,d2dea78b-507c-4e56-b400-39447f4738f8-\($0)" }
        let requests = try IntakeTestSupport.read("UserPrincipalName,DisplayName,UsageLocation\n" + rows.joined(separator: "\n")).requests
        #expect(requests.count == 300 && requests.allSatisfy { $0.problems.first?.field == "UsageLocation" })
        #expect(Self.threadCPUSeconds() - started < 10, "each row normalized the whole country table before")
    }

    @Test func candidatesTooFarInLengthAreNeverSuggested() {
        let candidates = [(key: "germany", name: "Germany"), (key: "de", name: "DE")]
        #expect(EditDistance.closest(to: "germny", among: candidates, threshold: 2) == ["Germany"])
        #expect(EditDistance.closest(to: String(repeating: "g", count: 100_000), among: candidates, threshold: 50_000).isEmpty)
    }
}
