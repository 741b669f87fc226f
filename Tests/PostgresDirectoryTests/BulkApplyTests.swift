import Foundation
@testable import PostgresDirectory
import Provisioning
import Testing

/// Runs of new users written with batched statements (arrays or COPY) give the results and
/// the store that applying the sets one by one gives.
@Suite(.enabled(if: TestDatabase.enabled, TestDatabase.skipReason))
struct BulkApplyTests {
    /// A run with every kind of refusal and repeat: an unknown customer, a key repeated in
    /// the run and one journaled by an earlier run, a name taken in the store and one taken
    /// earlier in the run, an object id taken, an unknown product, and more SPE_E3 than bought.
    static func sets() throws -> (earlier: [UserChangeSet], run: [UserChangeSet]) {
        let taken = Make.user("taken", id: 900)
        var run: [UserChangeSet] = []
        for index in 1...12 { run.append(try Make.create(Make.user("u\(index)", id: index, licenses: index <= 3 ? ["SPE_E3"] : [])) ) }
        var stranger = Make.user("stranger", id: 100)
        stranger.customerID = "nobody"
        run.append(try Make.create(stranger))
        run.append(try Make.create(Make.user("again", id: 101), key: run[0].journalKey))
        run.append(try Make.create(Make.user("resumed", id: 102), key: "earlier-key"))
        run.append(try Make.create(Make.user("TAKEN", id: 103)))
        run.append(try Make.create(Make.user("U4", id: 104)))
        run.append(try Make.create(Make.user("sameid", id: 5)))
        run.append(try Make.create(Make.user("nosuch", id: 105, licenses: ["NO_SUCH_SKU"])))
        run.append(try Make.create(Make.user("last", id: 106, licenses: ["EXCHANGESTANDARD", "SPE_E3"])))
        let earlier = [try Make.create(taken), try Make.create(Make.user("old", id: 901), key: "earlier-key")]
        return (earlier, run)
    }

    @Test func batchedAndCopiedRunsMatchTheOneByOnePath() throws {
        let (earlier, run) = try Self.sets()
        var outcomes: [String: ([UserChangeResult], [String], [SeatUsage], Int, Set<String>)] = [:]
        for mode in ["one-by-one"] + BulkWrites.allCases.map(\.rawValue) {
            try TestDatabase.withSchema { conninfo in
                let store = try PostgresFixture.store(conninfo)
                try store.setSeats(customerID: "contoso", partNumber: "SPE_E3", seats: 2)
                if let bulk = BulkWrites(rawValue: mode) { store.bulkWrites = bulk } else { store.bulkThreshold = Int.max }
                _ = try store.apply(Make.batch(earlier, id: "b1"))
                let results = try store.apply(Make.batch(run, id: "b1", deliversCredentials: true))
                let users = try store.listUsers(customerID: "contoso", query: UserQuery(pageSize: 1000)).users
                    .map { "\($0.objectID) \($0.userPrincipalName) \($0.licenses.map(\.partNumber))" }
                let audit = try store.connection.query("SELECT count(*) FROM audit_log WHERE action = 'create'").int(0, 0)
                let undelivered = Set(try store.undeliveredCredentials(customerID: "contoso", batchID: "b1").map(\.journalKey))
                outcomes[mode] = (results, users, try store.seatUsage(customerID: "contoso"), audit, undelivered)
            }
        }
        let reference = try #require(outcomes["one-by-one"])
        // u3 and last find no SPE_E3 left; stranger, TAKEN, U4 (u4's name), sameid (u5's id) and nosuch are refused.
        #expect(reference.0.filter { $0 == .applied }.count == 11)
        #expect(reference.0.filter { $0 == .alreadyApplied }.count == 2)
        #expect(reference.0.enumerated().filter { $0.element != .applied && $0.element != .alreadyApplied }.map(\.offset)
                    == [2, 12, 15, 16, 17, 18, 19])
        #expect(reference.4.count == 11)
        for mode in BulkWrites.allCases.map(\.rawValue) {
            let outcome = try #require(outcomes[mode])
            #expect(outcome.0 == reference.0, "\(mode): results")
            #expect(outcome.1 == reference.1, "\(mode): users")
            #expect(outcome.2 == reference.2, "\(mode): seats")
            #expect(outcome.3 == reference.3, "\(mode): audit entries")
            #expect(outcome.4 == reference.4, "\(mode): undelivered passwords")
        }
    }
}
