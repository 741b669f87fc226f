import Foundation
import Provisioning
import Testing
@testable import SQLiteDirectory

/// A job on the SQLite store that applies each group on a thread of its own, while the planner
/// reads through a second connection, leaves the store as a job that takes turns does.
@Suite struct OverlappedJobTests {
    final class Sink: OutcomeSink, CredentialSink {
        var outcomes: [UserOutcome] = []
        var credentials: [IssuedCredential] = []
        func begin(_ header: RunHeader) throws {}
        func add(_ outcome: UserOutcome) throws { outcomes.append(outcome) }
        func finish(_ summary: RunSummary) throws {}
        func add(_ credential: IssuedCredential) throws { credentials.append(credential) }
        func finish() throws {}
    }

    static func request(_ action: RequestAction, _ name: String, line: Int, add: [String] = [],
                        remove: [String] = []) -> UserRequest {
        UserRequest(action: action, userPrincipalName: "\(name)@contoso.com",
                    attributes: AttributePatch(displayName: name.capitalized, department: "Dept \(line % 3)"),
                    addLicenses: add.map { LicenseRequest(product: $0) }, removeLicenses: remove,
                    sources: [SourceLocation(file: "users.csv", line: line)])
    }

    /// Six existing users (old0-old5), two of them with E3.
    static func setUp(_ fixture: StoreFixture) throws {
        let requests = (0..<6).map { request(.create, "old\($0)", line: $0 + 2, add: $0 < 2 ? ["SPE_E3"] : []) }
        _ = try run(fixture, requests, batch: "setup", overlapped: false)
    }

    /// 40 rows: updates of every existing user (licenses added, one removed), deletes, 26
    /// creates asking for more Exchange seats than there are, a repeated name.
    static let requests: [UserRequest] = {
        var rows = (0..<6).map { request(.update, "old\($0)", line: $0 + 2, add: ["EXCHANGESTANDARD"],
                                         remove: $0 == 0 ? ["SPE_E3"] : []) }
        rows += [request(.delete, "old4", line: 8), request(.delete, "old5", line: 9)]
        rows += (0..<26).map { request(.create, "new\($0)", line: $0 + 10, add: $0 % 2 == 0 ? ["EXCHANGESTANDARD"] : []) }
        rows += [request(.create, "new3", line: 36), request(.create, "late", line: 37, add: ["SPE_E3"])]
        rows += (0..<4).map { request(.upsert, "new\($0)", line: $0 + 38, add: ["SPE_E3"]) }
        return rows
    }()

    static func run(_ fixture: StoreFixture, _ requests: [UserRequest], batch: String, overlapped: Bool) throws -> Sink {
        let options = JobOptions(role: .adminAgent, operatorName: "tester", now: fixture.now, batchSize: 3, chunkSize: 4)
        let lookups = overlapped ? try SQLiteDirectory(path: fixture.path, options: SQLiteDirectoryOptions(cacheMiB: 1)) : nil
        let job = Job(directory: fixture.store, options: options, random: .system(), lookups: lookups)
        let sink = Sink()
        _ = try job.run(.requests(defaultCustomerID: "contoso", input: "users.csv", batchID: batch, open: { ArrayRequestSource(requests) }),
                        outputs: PreparedOutputs(outcomes: sink, credentials: sink))
        return sink
    }

    /// The users as the store lists them, without the random object ids and passwords.
    static func users(_ fixture: StoreFixture) throws -> [String] {
        try [UserQuery(), UserQuery(filter: .deleted)].flatMap { query in
            var query = query
            query.pageSize = 1_000
            return try fixture.store.listUsers(customerID: "contoso", query: query).users.map { user in
                "\(user.userPrincipalName) \(user.attributes.department ?? "-") "
                    + "\(user.licenses.map(\.partNumber).sorted()) \(user.isDeleted)"
            }
        }
    }

    @Test func overlappedAndInTurnLeaveTheSameStore() throws {
        let inTurn = try StoreFixture(), overlapped = try StoreFixture()
        try Self.setUp(inTurn)
        try Self.setUp(overlapped)
        let first = try Self.run(inTurn, Self.requests, batch: "b", overlapped: false)
        let second = try Self.run(overlapped, Self.requests, batch: "b", overlapped: true)

        let outcome = { (sink: Sink) in sink.outcomes.map { "\($0.userPrincipalName) \($0.status) \($0.errors.map(\.code))" } }
        #expect(outcome(second) == outcome(first))
        #expect(Set(first.outcomes.map(\.status)) == [.succeeded, .failed], "the mix has failures too")
        #expect(try Self.users(overlapped) == Self.users(inTurn))
        #expect(try overlapped.store.seatUsage(customerID: "contoso") == inTurn.store.seatUsage(customerID: "contoso"))
        #expect(try overlapped.assigned() == overlapped.countedAssignments())
        #expect(try overlapped.store.integrityProblems().isEmpty)
        #expect(second.credentials.map(\.userPrincipalName) == first.credentials.map(\.userPrincipalName))
        for credential in second.credentials {
            let user = try #require(try overlapped.user(credential.userPrincipalName))
            #expect(try overlapped.store.verifyPassword(objectID: user.objectID, password: credential.password.reveal()))
        }
        #expect(try overlapped.store.undeliveredCredentials(customerID: "contoso", batchID: "b").isEmpty)

        // Run again: every user unchanged, both ways.
        let again = try Self.run(overlapped, Self.requests, batch: "b2", overlapped: true)
        #expect(!again.outcomes.contains { $0.status == .succeeded && !$0.added.isEmpty })
        #expect(try Self.users(overlapped) == Self.users(inTurn))
    }
}
