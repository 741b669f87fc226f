import Foundation
import Provisioning
import Testing
@testable import SQLiteDirectory

/// A job on the SQLite store killed after a group's commit and before its credentials sheet's
/// write, then run again: every user it created ends with a password in a sheet that the
/// store's hash accepts. Run both ways: groups applied in turn with planning, and each on a
/// thread of its own with the planner reading through a second connection (the command line's way).
@Suite struct KillBeforeSheetJobTests {
    struct Killed: Error {}

    /// A sheet in memory that dies (``Killed``) instead of writing one delivery.
    final class Sheet: OutcomeSink, CredentialSink {
        var outcomes: [UserOutcome] = []
        var credentials: [IssuedCredential] = []
        let killAtDelivery: Int?
        private var deliveries = 0

        init(killAtDelivery: Int? = nil) { self.killAtDelivery = killAtDelivery }

        func begin(_ header: RunHeader) throws {}
        func add(_ outcome: UserOutcome) throws { outcomes.append(outcome) }
        func finish(_ summary: RunSummary) throws {}
        func add(_ credential: IssuedCredential) throws { credentials.append(credential) }
        func deliver(_ prepared: PreparedCredentials, keeping kept: [Int]) throws {
            deliveries += 1
            if deliveries == killAtDelivery { throw Killed() }
            for index in kept { try add(prepared.credentials[index]) }
        }
        func finish() throws {}
    }

    static let requests = (2...9).map { line in
        UserRequest(action: .create, userPrincipalName: "n\(line)@contoso.com",
                    attributes: AttributePatch(displayName: "New \(line)"),
                    addLicenses: [LicenseRequest(product: "EXCHANGESTANDARD")],
                    sources: [SourceLocation(file: "users.csv", line: line)])
    }

    static func run(_ fixture: StoreFixture, _ sheet: Sheet, overlapped: Bool) throws {
        let options = JobOptions(role: .adminAgent, operatorName: "tester", now: fixture.now, batchSize: 3)
        let lookups = overlapped ? try SQLiteDirectory(path: fixture.path) : nil
        let job = Job(directory: fixture.store, options: options, random: .system(), lookups: lookups)
        _ = try job.run(.requests(defaultCustomerID: "contoso", input: "users.csv", batchID: "nightly", open: { ArrayRequestSource(Self.requests) }),
                        outputs: PreparedOutputs(outcomes: sheet, credentials: sheet))
    }

    @Test(arguments: [false, true])
    func everyCreatedUserEndsWithAPasswordInASheetThatTheStoreAccepts(overlapped: Bool) throws {
        let fixture = try StoreFixture()
        // Groups of three: the second group (lines 5-7) is committed, its sheet write never happens.
        let killed = Sheet(killAtDelivery: 2)
        #expect(throws: Killed.self) { try Self.run(fixture, killed, overlapped: overlapped) }
        #expect(killed.credentials.map(\.userPrincipalName) == ["n2@contoso.com", "n3@contoso.com", "n4@contoso.com"])
        #expect(try fixture.store.undeliveredCredentials(customerID: "contoso", batchID: "nightly").map(\.journalKey)
            == ["line 5", "line 6", "line 7"])

        let resumed = Sheet()
        try Self.run(fixture, resumed, overlapped: overlapped)
        #expect(resumed.outcomes.map(\.status) == Array(repeating: .succeeded, count: 8))
        #expect(resumed.outcomes.map { $0.passwordReissue != nil } == [false, false, false, true, true, true, false, false])
        #expect(try fixture.store.undeliveredCredentials(customerID: "contoso", batchID: "nightly").isEmpty)

        let sheets = killed.credentials + resumed.credentials
        for request in Self.requests {
            let user = try #require(try fixture.user(request.userPrincipalName))
            let listed = sheets.filter { $0.userPrincipalName == request.userPrincipalName }
            #expect(try listed.contains { try fixture.store.verifyPassword(objectID: user.objectID, password: $0.password.reveal()) },
                    "\(request.userPrincipalName): no sheet holds a password the store accepts")
        }
        let audit = try fixture.store.auditLog(customerID: "contoso", batchID: "nightly")
        #expect(audit.filter { $0.action == "create" }.count == 8, "nobody is created twice")
        #expect(audit.filter { $0.detail.contains(#""reissued":"undelivered""#) }.map(\.userPrincipalName)
            == ["n5@contoso.com", "n6@contoso.com", "n7@contoso.com"])
        #expect(try fixture.store.isBatchFinished(customerID: "contoso", batchID: "nightly"))
    }
}
