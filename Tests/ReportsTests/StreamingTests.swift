import Foundation
import Provisioning
import Testing
@testable import Reports

/// Renderers write as outcomes arrive and hold no list of them.
@Suite struct StreamingTests {
    private static func outcome(_ index: Int) -> UserOutcome {
        UserOutcome(customerID: "contoso", userPrincipalName: "user\(index)@contoso.com", displayName: "User \(index)",
                    action: .create, sources: [SourceLocation(file: "big.csv", line: index + 2)], status: .succeeded,
                    added: [SampleRun.e3], passwordIssued: true)
    }

    @Test(arguments: [ReportFormat.text, .csv, .json])
    func rowsReachTheOutputBeforeTheRunEnds(format: ReportFormat) throws {
        var flushed = 0
        let output = ReportOutput.closure { flushed += $0.count }
        let sink = makeReportSink(format: format, output: output)
        try sink.begin(SampleRun.applied.header)
        for index in 0..<5_000 { try sink.add(Self.outcome(index)) }
        #expect(flushed > 0, "nothing was written before finish")
        try sink.finish(SampleRun.applied.summary)
    }

    @Test func htmlSpoolsManyRowsAndAssemblesThemInOrder() throws {
        let count = 20_000
        let output = ReportOutput.memory()
        let sink = HTMLReport(output: output)
        try sink.begin(SampleRun.applied.header)
        for index in 0..<count { try sink.add(Self.outcome(index)) }
        try sink.finish(SampleRun.applied.summary)
        let html = output.text
        #expect(html.components(separatedBy: "<tr class=\"succeeded\">").count == count + 1)
        let first = try #require(html.range(of: "user0@<wbr>contoso.com"))
        let last = try #require(html.range(of: "user\(count - 1)@<wbr>contoso.com"))
        let cards = try #require(html.range(of: "class=\"cards\""))
        #expect(cards.lowerBound < first.lowerBound && first.lowerBound < last.lowerBound)
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test func jsonOfManyOutcomesIsValid() throws {
        let output = ReportOutput.memory()
        let sink = JSONReport(output: output)
        try sink.begin(SampleRun.applied.header)
        for index in 0..<2_000 { try sink.add(Self.outcome(index)) }
        try sink.finish(SampleRun.applied.summary)
        let object = try JSONSerialization.jsonObject(with: Data(output.bytes)) as? [String: Any]
        #expect(object?["schemaVersion"] as? Int == 2)
        #expect((object?["outcomes"] as? [Any])?.count == 2_000)
    }

    @Test func jsonSnapshotsParseAndKeepEveryKey() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(SampleRun.applied.render(.json))) as? [String: Any])
        #expect(Set(object.keys) == ["schemaVersion", "header", "outcomes", "summary"])
        let outcomes = try #require(object["outcomes"] as? [[String: Any]])
        for outcome in outcomes {
            #expect(Set(outcome.keys) == ["customerID", "userPrincipalName", "displayName", "action", "status", "sources",
                                          "added", "removed", "unchanged", "rolesAdded", "rolesRemoved", "changedAttributes",
                                          "passwordIssued", "errors"])
        }
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(Set(summary.keys) == ["counts", "total", "created", "toCreate", "products", "finishedAt", "stopped"])
    }
}
