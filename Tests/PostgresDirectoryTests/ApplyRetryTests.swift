import Foundation
@testable import PostgresDirectory
import Provisioning
import Synchronization
import Testing

/// A batch whose transaction fails halfway (a serialization failure, or the server ending the
/// session) is run again from the start, and each user's change is applied exactly once.
@Suite(.enabled(if: TestDatabase.enabled, TestDatabase.skipReason))
struct ApplyRetryTests {
    /// A trigger on the audit log fails the first transaction that writes it, once, as `how`
    /// says (a sequence counts the firings: `nextval` is not rolled back with the transaction).
    static func injectFault(_ store: PostgresDirectory, _ how: String) throws {
        let action = how == "lost connection"
            ? "PERFORM pg_terminate_backend(pg_backend_pid());"
            : "RAISE EXCEPTION 'injected' USING ERRCODE = '\(how == "deadlock" ? "40P01" : "40001")';"
        try store.connection.execute("""
            CREATE SEQUENCE faults;
            CREATE FUNCTION fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF nextval('faults') = 1 THEN
                    \(action)
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER fail_once AFTER INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_once();
            """)
    }

    @Test(arguments: ["serialization failure", "deadlock", "lost connection"])
    func aRetriedBatchAppliesEachUserOnce(_ how: String) throws {
        try TestDatabase.withSchema { conninfo in
            _ = try PostgresFixture.store(conninfo)
            let sleeps = Mutex(0)
            let store = try PostgresDirectory(url: conninfo, retry: RetryPolicy(attempts: 3, jitter: { 1 },
                                                                                  sleep: { _ in sleeps.withLock { $0 += 1 } }))
            try Self.injectFault(store, how)
            let users = (1...10).map { Make.user("r\($0)", id: $0, licenses: $0 == 1 ? ["SPE_E3"] : []) }
            var sets = try users.map { try Make.create($0) }
            sets.append(Make.set(users[1], [.assign(LicenseAssignment(partNumber: "SPE_E3"))], key: "assign"))
            let results = try store.apply(Make.batch(sets))
            #expect(results.allSatisfy { $0 == .applied }, "\(results)")
            #expect(sleeps.withLock { $0 } == 1, "one retry")
            #expect(store.retriedTransactions == 1)
            let counts = try store.connection.query("""
                SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM audit_log),
                       (SELECT count(*) FROM journal), (SELECT change_counter FROM customers)
                """)
            #expect(counts.int(0, 0) == 10 && counts.int(0, 1) == 11 && counts.int(0, 2) == 11, "users, audit, journal")
            #expect(try store.seatUsage(customerID: "contoso").first { $0.partNumber == "SPE_E3" }?.assigned == 2)
            #expect(try store.integrityProblems().isEmpty)
            #expect(try store.apply(Make.batch(sets)).allSatisfy { $0 == .alreadyApplied })
        }
    }
}
