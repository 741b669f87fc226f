import Foundation
import Testing
@testable import Provisioning

@Suite struct SavedPlanTests {
    func makePlan(_ directory: InMemoryDirectory, _ requests: [UserRequest], role: OperatorRole = .adminAgent) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).json").path
        let job = Job(directory: directory, options: Fixture.options(role, preview: true), random: RandomSource(SeededGenerator(seed: 9)))
        let outputs = PreparedOutputs(outcomes: CollectingSink(), credentials: nil) { start in
            try PlanWriter(path: path, header: PlanHeader(batchID: start.batchID, role: role, createdAt: Fixture.now,
                                                          input: "users.csv", exact: false, customers: start.customers))
        }
        _ = try job.run(.requests(defaultCustomerID: "contoso", input: "users.csv", batchID: "plan-batch",
                                  open: { ArrayRequestSource(requests) }), outputs: outputs)
        return path
    }

    @Test func aSavedPlanAppliesExactlyWhatWasPlanned() throws {
        let directory = Fixture.directory()
        let path = try makePlan(directory, [Fixture.request(.create, "ann@contoso.com", line: 2, licenses: ["SPE_E3"]),
                                            Fixture.request(.create, "bad@contoso.com", line: 3, licenses: ["NOPE"])])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(PlanReader.looksLikePlan(path: path))
        #expect(directory.allUsers.isEmpty)
        let sink = CollectingSink()
        let job = Job(directory: directory, options: Fixture.options(), random: RandomSource(SeededGenerator(seed: 4)))
        let summary = try job.run(.plan(open: { try PlanReader(path: path) }), outputs: PreparedOutputs(outcomes: sink, credentials: sink))
        #expect(sink.outcomes.map(\.status) == [.succeeded, .failed])
        #expect(summary.products.first { $0.partNumber == "SPE_E3" }?.assignedAfter == 1)
        #expect(directory.allUsers.map(\.userPrincipalName) == ["ann@contoso.com"])
        #expect(sink.credentials.count == 1)
    }

    @Test func aStalePlanIsRefused() throws {
        let directory = Fixture.directory()
        let path = try makePlan(directory, [Fixture.request(.create, "ann@contoso.com", line: 2)])
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Fixture.run(directory, [Fixture.request(.create, "someone@contoso.com", line: 2)], batch: "other")
        let job = Job(directory: directory, options: Fixture.options(), random: RandomSource(SeededGenerator(seed: 4)))
        #expect(throws: JobError.stalePlan(customerID: "contoso", planned: 0, current: 1)) {
            try job.run(.plan(open: { try PlanReader(path: path) }), outputs: PreparedOutputs(outcomes: CollectingSink(), credentials: nil))
        }
        #expect(!directory.allUsers.contains { $0.userPrincipalName == "ann@contoso.com" })
    }

    @Test func aPlanMadeByAStrongerRoleCannotBeAppliedByAWeakerOne() throws {
        let directory = Fixture.directory()
        let path = try makePlan(directory, [Fixture.request(.create, "ann@contoso.com", line: 2)], role: .globalAdmin)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let job = Job(directory: directory, options: Fixture.options(.helpdeskAgent), random: RandomSource(SeededGenerator(seed: 4)))
        #expect(throws: JobError.weakerRole(planned: .globalAdmin, applying: .helpdeskAgent)) {
            try job.run(.plan(open: { try PlanReader(path: path) }), outputs: PreparedOutputs(outcomes: CollectingSink(), credentials: nil))
        }
        #expect(directory.allUsers.isEmpty)
    }

    @Test func aCorruptPlanLineNamesTheLine() throws {
        let directory = Fixture.directory()
        let path = try makePlan(directory, [Fixture.request(.create, "ann@contoso.com", line: 2)])
        defer { try? FileManager.default.removeItem(atPath: path) }
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"user\"", with: "\"usr\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var reader = try PlanReader(path: path)
        #expect(throws: PlanFileError.self) { _ = try reader.next() }
    }
}
