import Foundation
import Provisioning
import Testing
@testable import SQLiteDirectory

/// The journal's finished-batch mark: written in one transaction for every customer of a run,
/// never counted as an applied key, and leaving the change counter alone.
@Suite struct BatchJournalTests {
    @Test func finishingABatchMarksItWithoutMovingTheChangeCounter() throws {
        let fixture = try StoreFixture()
        try fixture.apply([try fixture.createSet(fixture.newUser("u1@contoso.com"))], batch: "b1")
        let counter = try fixture.store.changeCounter(customerID: "contoso")
        #expect(try fixture.store.isBatchFinished(customerID: "contoso", batchID: "b1") == false)
        try fixture.store.finishBatch(customerIDs: ["contoso", "fabrikam"], batchID: "b1", now: fixture.now)
        try fixture.store.finishBatch(customerIDs: ["contoso"], batchID: "b1", now: fixture.now)
        #expect(try fixture.store.isBatchFinished(customerID: "contoso", batchID: "b1"))
        #expect(try fixture.store.isBatchFinished(customerID: "fabrikam", batchID: "b1"))
        #expect(try fixture.store.isBatchFinished(customerID: "contoso", batchID: "b2") == false)
        #expect(try fixture.store.journaledKeys(customerID: "contoso", batchID: "b1") == ["u1@contoso.com"])
        #expect(try fixture.store.changeCounter(customerID: "contoso") == counter)
    }

    @Test func purgeDropsOldFinishedMarksWithTheRestOfTheJournal() throws {
        let fixture = try StoreFixture()
        try fixture.store.finishBatch(customerIDs: ["contoso"], batchID: "old", now: fixture.now)
        fixture.advance(days: 31)
        _ = try fixture.store.purge(customerID: "contoso", deletedBefore: fixture.now.addingTimeInterval(-30 * 86_400),
                                    role: .adminAgent, operatorName: "tester", batchID: "purge", now: fixture.now)
        #expect(try fixture.store.isBatchFinished(customerID: "contoso", batchID: "old") == false)
    }
}
