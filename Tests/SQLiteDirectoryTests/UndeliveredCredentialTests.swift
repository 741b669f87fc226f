import Foundation
import Provisioning
import Testing
@testable import SQLiteDirectory

/// Passwords committed and not yet in a credentials sheet: marked in the transaction that
/// commits them, cleared when delivered, re-issued by a resumed job (docs/store.md,
/// "Undelivered passwords").
@Suite struct UndeliveredCredentialTests {
    static func password(_ text: String) throws -> TemporaryPassword { try TemporaryPassword(checking: text) }

    /// Applies `sets` as a batch whose caller delivers credentials.
    @discardableResult
    static func deliver(_ fixture: StoreFixture, _ sets: [UserChangeSet], batch: String) throws -> [UserChangeResult] {
        try fixture.store.apply(ChangeBatch(batchID: batch, role: .adminAgent, operatorName: "tester", now: fixture.now,
                                            sets: sets, deliversCredentials: true))
    }

    static func reissue(_ fixture: StoreFixture, _ user: User, key: String, password: String,
                        batch: String) throws -> UserChangeResult {
        let set = UserChangeSet(customerID: user.customerID, objectID: user.objectID,
                                userPrincipalName: user.userPrincipalName, journalKey: key,
                                steps: [.resetPassword(try Self.password(password))], kind: .reissue)
        return try deliver(fixture, [set], batch: batch)[0]
    }

    /// Turns a current store back into what a version 2 build left (no operators table of
    /// version 4; marks in `undelivered_object_id`, no groups, no seat tallies).
    static func undoMigration3(_ raw: Connection) throws {
        // Migrations 5 (the work queue's tables) and 4 (operators) first.
        try raw.execute("""
            DROP TABLE queue_reports;
            DROP TABLE queue_jobs;
            DROP TABLE queue_inputs;
            DROP TABLE IF EXISTS operators;
            DROP TABLE undelivered_groups;
            DROP TABLE seat_tallies;
            ALTER TABLE customers DROP COLUMN tallied_at;
            ALTER TABLE journal DROP COLUMN password_group;
            ALTER TABLE journal RENAME COLUMN password_object_id TO undelivered_object_id;
            PRAGMA user_version = 2;
            """)
    }

    @Test func passwordsOfABatchThatDeliversCredentialsStayUndeliveredUntilMarked() throws {
        let fixture = try StoreFixture()
        let old = fixture.newUser("old@contoso.com")
        try fixture.create([old])
        let alone = fixture.newUser("alone@contoso.com")
        let withMore = fixture.newUser("more@contoso.com")
        let taken = fixture.newUser("old@contoso.com")
        let results = try Self.deliver(fixture, [
            try fixture.createSet(alone),
            fixture.set(withMore, [.create(withMore, password: try Self.password("Tz4#kP9q!mWx2vLr")),
                                   .assign(LicenseAssignment(partNumber: "EXCHANGESTANDARD"))]),
            fixture.set(old, [.resetPassword(try Self.password("Qa7!rT2m#Lp9wXz4"))], key: "reset old"),
            fixture.set(old, [.setAttributes(UserAttributes(displayName: "Old One", usageLocation: "TW"), roles: [])],
                        key: "update old"),
            try fixture.createSet(taken),
        ], batch: "b")
        #expect(results.map(\.refusalCode) == [nil, nil, nil, nil, .uniquenessViolation])
        let undelivered = try fixture.store.undeliveredCredentials(customerID: "contoso", batchID: "b")
        #expect(undelivered.map(\.journalKey) == ["alone@contoso.com", "more@contoso.com", "reset old"],
                "creates and resets, not the update or the refused create")
        #expect(undelivered.map(\.objectID) == [alone.objectID, withMore.objectID, old.objectID])
        #expect(undelivered.map(\.userPrincipalName) == ["alone@contoso.com", "more@contoso.com", "old@contoso.com"])
        #expect(undelivered.last?.displayName == "Old One")
        #expect(try fixture.store.undeliveredCredentials(customerID: "fabrikam", batchID: "b").isEmpty)
        #expect(try fixture.store.undeliveredCredentials(customerID: "contoso", batchID: "other").isEmpty)

        let counter = try fixture.store.changeCounter(customerID: "contoso")
        try fixture.store.markCredentialsDelivered(batchID: "b", entries: [
            JournalEntry(customerID: "contoso", journalKey: "alone@contoso.com"),
            JournalEntry(customerID: "contoso", journalKey: "more@contoso.com"),
            JournalEntry(customerID: "contoso", journalKey: "no such key"),
        ])
        #expect(try fixture.store.undeliveredCredentials(customerID: "contoso", batchID: "b").map(\.journalKey)
            == ["reset old"])
        #expect(try fixture.store.changeCounter(customerID: "contoso") == counter, "delivery changes no user")
    }

    @Test func aBatchWhoseCallerDeliversNothingMarksNothing() throws {
        let fixture = try StoreFixture()
        try fixture.apply([try fixture.createSet(fixture.newUser("u@contoso.com"))], batch: "b")
        #expect(try fixture.store.undeliveredCredentials(customerID: "contoso", batchID: "b").isEmpty)
        #expect(try fixture.scalar("SELECT count(*) FROM journal WHERE password_group IS NOT NULL") == 0)
        #expect(try fixture.scalar("SELECT count(*) FROM undelivered_groups") == 0)
    }

    @Test func aReissueSetsANewPasswordAuditsItAndStaysUndeliveredUntilMarked() throws {
        let fixture = try StoreFixture()
        let user = fixture.newUser("u@contoso.com")
        try Self.deliver(fixture, [try fixture.createSet(user, password: "Tz4#kP9q!mWx2vLr")], batch: "b")
        let counter = try fixture.store.changeCounter(customerID: "contoso")

        #expect(try Self.reissue(fixture, user, key: "u@contoso.com", password: "Ne3$wPa55!wordQz", batch: "b") == .applied)
        #expect(try fixture.store.verifyPassword(objectID: user.objectID, password: "Ne3$wPa55!wordQz"))
        #expect(try fixture.store.verifyPassword(objectID: user.objectID, password: "Tz4#kP9q!mWx2vLr") == false)
        let entry = try #require(try fixture.store.auditLog(batchID: "b").last)
        #expect(entry.action == "reset-password")
        #expect(entry.detail == #"{"passwordIssued":true,"mustChangePassword":true,"reissued":"undelivered"}"#)
        #expect(try fixture.store.journaledKeys(customerID: "contoso", batchID: "b") == ["u@contoso.com"],
                "a reissue is not journaled again")
        #expect(try fixture.store.undeliveredCredentials(customerID: "contoso", batchID: "b").count == 1,
                "the new password is not delivered yet either")
        #expect(try fixture.store.changeCounter(customerID: "contoso") == counter + 1)

        try fixture.store.markCredentialsDelivered(batchID: "b", entries: [JournalEntry(customerID: "contoso",
                                                                                          journalKey: "u@contoso.com")])
        #expect(try Self.reissue(fixture, user, key: "u@contoso.com", password: "Xx9!yYzZ#aAbB2cC", batch: "b")
            == .alreadyApplied, "a delivered password is not issued again")
        #expect(try fixture.store.verifyPassword(objectID: user.objectID, password: "Ne3$wPa55!wordQz"))
    }

    @Test func aReissueForADeletedUserIsRefusedAndChangesNothing() throws {
        let fixture = try StoreFixture()
        let user = fixture.newUser("u@contoso.com")
        try Self.deliver(fixture, [try fixture.createSet(user, password: "Tz4#kP9q!mWx2vLr")], batch: "b")
        try fixture.apply([fixture.set(user, [.delete], key: "delete")], batch: "other")
        let audited = try fixture.store.auditLog().count
        let result = try Self.reissue(fixture, user, key: "u@contoso.com", password: "Ne3$wPa55!wordQz", batch: "b")
        #expect(result.refusalCode == .notFound)
        #expect(try fixture.store.verifyPassword(objectID: user.objectID, password: "Tz4#kP9q!mWx2vLr"))
        #expect(try fixture.store.auditLog().count == audited)
        #expect(try fixture.store.undeliveredCredentials(customerID: "contoso", batchID: "b").count == 1,
                "the executor clears it (nothing can be delivered)")
    }

    @Test func aReissueOfAnotherUsersPasswordIsRefused() throws {
        let fixture = try StoreFixture()
        let first = fixture.newUser("a@contoso.com"), second = fixture.newUser("b@contoso.com")
        try Self.deliver(fixture, [try fixture.createSet(first), try fixture.createSet(second)], batch: "b")
        let result = try Self.reissue(fixture, second, key: "a@contoso.com", password: "Ne3$wPa55!wordQz", batch: "b")
        #expect(result.refusalCode == .invalidInput)
        #expect(try fixture.store.verifyPassword(objectID: second.objectID, password: "Tz4#kP9q!mWx2vLr"))
    }

    @Test func purgeDropsUndeliveredMarksWithTheirJournalRows() throws {
        let fixture = try StoreFixture()
        try Self.deliver(fixture, [try fixture.createSet(fixture.newUser("u@contoso.com"))], batch: "b")
        fixture.advance(days: 31)
        _ = try fixture.store.purge(customerID: "contoso", deletedBefore: fixture.now.addingTimeInterval(-30 * 86_400),
                                    role: .adminAgent, operatorName: "tester", batchID: "purge", now: fixture.now)
        #expect(try fixture.store.undeliveredCredentials(customerID: "contoso", batchID: "b").isEmpty)
        #expect(try fixture.scalar("SELECT count(*) FROM pragma_foreign_key_check") == 0)
    }

    @Test func confirmingAWholeGroupDeletesItsOneRowAndTouchesNoJournalRow() throws {
        let fixture = try StoreFixture()
        let users = (1...3).map { fixture.newUser("u\($0)@contoso.com") }
        try Self.deliver(fixture, try users.map { try fixture.createSet($0) }, batch: "b")
        #expect(try fixture.scalar("SELECT count(*) FROM undelivered_groups") == 1)
        #expect(try fixture.scalar("SELECT count(DISTINCT password_group) FROM journal") == 1)

        try fixture.store.markCredentialsDelivered(batchID: "b", entries: users.map {
            JournalEntry(customerID: "contoso", journalKey: $0.userPrincipalName)
        })
        #expect(try fixture.store.undeliveredCredentials(customerID: "contoso", batchID: "b").isEmpty)
        #expect(try fixture.scalar("SELECT count(*) FROM undelivered_groups") == 0)
        #expect(try fixture.scalar("SELECT count(*) FROM journal WHERE password_group IS NOT NULL") == 3,
                "the rows still name their group, which is no longer listed")
    }

    @Test func aPartialConfirmationClearsItsRowsAndTheGroupGoesWithTheLast() throws {
        let fixture = try StoreFixture()
        let users = (1...3).map { fixture.newUser("u\($0)@contoso.com") }
        try Self.deliver(fixture, try users.map { try fixture.createSet($0) }, batch: "b")
        func confirm(_ names: [String]) throws {
            try fixture.store.markCredentialsDelivered(batchID: "b", entries: names.map {
                JournalEntry(customerID: "contoso", journalKey: $0)
            })
        }
        try confirm(["u1@contoso.com", "u3@contoso.com"])
        #expect(try fixture.store.undeliveredCredentials(customerID: "contoso", batchID: "b").map(\.journalKey)
            == ["u2@contoso.com"])
        #expect(try fixture.scalar("SELECT count(*) FROM undelivered_groups") == 1)
        try confirm(["u2@contoso.com"])
        #expect(try fixture.store.undeliveredCredentials(customerID: "contoso", batchID: "b").isEmpty)
        #expect(try fixture.scalar("SELECT count(*) FROM undelivered_groups") == 0, "a group no row names is dropped")
    }

    @Test func groupsOfSeveralTransactionsAndOtherConnectionsAreConfirmedApart() throws {
        let fixture = try StoreFixture()
        let first = fixture.newUser("a@contoso.com"), second = fixture.newUser("b@contoso.com")
        let third = fixture.newUser("c@contoso.com")
        try Self.deliver(fixture, [try fixture.createSet(first)], batch: "b")
        try Self.deliver(fixture, [try fixture.createSet(second), try fixture.createSet(third)], batch: "b")
        #expect(try fixture.scalar("SELECT count(*) FROM undelivered_groups") == 2)
        #expect(try fixture.scalar("SELECT count(DISTINCT password_group) FROM journal") == 2,
                "each transaction names a group of its own")

        // Another process (a resumed run) knows none of these groups: it confirms row by row.
        let other = try SQLiteDirectory(path: fixture.path)
        try other.markCredentialsDelivered(batchID: "b", entries: [JournalEntry(customerID: "contoso",
                                                                                journalKey: "b@contoso.com")])
        #expect(try fixture.store.undeliveredCredentials(customerID: "contoso", batchID: "b").map(\.journalKey)
            == ["a@contoso.com", "c@contoso.com"])
        // The connection that committed them confirms both groups at once.
        try fixture.store.markCredentialsDelivered(batchID: "b", entries: [first, second, third].map {
            JournalEntry(customerID: "contoso", journalKey: $0.userPrincipalName)
        })
        #expect(try fixture.store.undeliveredCredentials(customerID: "contoso", batchID: "b").isEmpty)
        #expect(try fixture.scalar("SELECT count(*) FROM undelivered_groups") == 0)
    }

    @Test func aVersion2StoreKeepsItsUndeliveredMarksAsVersion3() throws {
        let fixture = try StoreFixture()
        let marked = fixture.newUser("marked@contoso.com"), delivered = fixture.newUser("delivered@contoso.com")
        try Self.deliver(fixture, [try fixture.createSet(marked), try fixture.createSet(delivered)], batch: "b")
        // Make the file what a version 2 build left: the mark a column of the journal row,
        // cleared for the delivered password.
        let raw = try Connection(path: fixture.path, mode: .readWrite)
        try Self.undoMigration3(raw)
        try raw.execute("UPDATE journal SET undelivered_object_id = NULL WHERE key = 'delivered@contoso.com'")

        let reopened = try SQLiteDirectory(path: fixture.path)
        #expect(try fixture.scalar("PRAGMA user_version") == Int64(Schema.currentVersion))
        let left = try reopened.undeliveredCredentials(customerID: "contoso", batchID: "b")
        #expect(left.map(\.journalKey) == ["marked@contoso.com"])
        #expect(left.map(\.objectID) == [marked.objectID])
        try reopened.markCredentialsDelivered(batchID: "b", entries: [JournalEntry(customerID: "contoso",
                                                                                   journalKey: "marked@contoso.com")])
        #expect(try reopened.undeliveredCredentials(customerID: "contoso", batchID: "b").isEmpty)
        #expect(try fixture.scalar("SELECT count(*) FROM undelivered_groups") == 0)
    }

    @Test func aVersion1StoreMigratesToVersion3AndKeepsItsData() throws {
        let fixture = try StoreFixture()
        try fixture.create([fixture.newUser("kept@contoso.com")])
        // Make the file what a version 1 build left.
        let raw = try Connection(path: fixture.path, mode: .readWrite)
        try Self.undoMigration3(raw)
        try raw.execute("ALTER TABLE journal DROP COLUMN undelivered_object_id; PRAGMA user_version = 1;")
        #expect(try raw.scalar("SELECT count(*) FROM pragma_table_info('journal')") == 4)

        let reopened = try SQLiteDirectory(path: fixture.path)
        #expect(try fixture.scalar("PRAGMA user_version") == Int64(Schema.currentVersion))
        #expect(SQLiteDirectory.schemaVersion == Schema.currentVersion)
        #expect(try reopened.users(customerID: "contoso", principalNames: ["kept@contoso.com"]).count == 1)
        let user = fixture.newUser("new@contoso.com")
        _ = try reopened.apply(ChangeBatch(batchID: "b", role: .adminAgent, operatorName: "tester", now: fixture.now,
                                           sets: [try fixture.createSet(user)], deliversCredentials: true))
        #expect(try reopened.undeliveredCredentials(customerID: "contoso", batchID: "b").map(\.objectID) == [user.objectID])
    }
}
