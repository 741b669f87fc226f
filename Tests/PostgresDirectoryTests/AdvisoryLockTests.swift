import Foundation
@testable import PostgresDirectory
import Provisioning
import Testing

/// Per-customer job locks across sessions: session advisory locks that name their holder and
/// that a dead session gives up.
@Suite(.enabled(if: TestDatabase.enabled, TestDatabase.skipReason))
struct AdvisoryLockTests {
    /// A second store (another worker) is refused at once and told who holds the lock; after
    /// the release it gets it.
    @Test func aSecondSessionIsRefusedWithTheHolderNamed() throws {
        try TestDatabase.withSchema { conninfo in
            let first = try PostgresFixture.store(conninfo), second = try PostgresDirectory(url: conninfo)
            let held = try first.lock(customerID: "contoso", holder: "pid 4242 on worker-a, batch b1", wait: 0)
            do {
                _ = try second.lock(customerID: "contoso", holder: "pid 7 on worker-b", wait: 0)
                Issue.record("two sessions hold the lock of contoso")
            } catch let busy as LockBusy {
                #expect(busy.customerID == "contoso")
                #expect(busy.holder.hasPrefix("pid 4242 on worker-a, batch b1, since "))
            }
            held.release()
            held.release()
            let again = try second.lock(customerID: "contoso", holder: "pid 7 on worker-b", wait: 0)
            again.release()
        }
    }

    /// A lock waited for is granted once the holder releases it.
    @Test func aWaiterGetsTheLockWhenItIsReleased() throws {
        try TestDatabase.withSchema { conninfo in
            let first = try PostgresFixture.store(conninfo), second = try PostgresDirectory(url: conninfo)
            let held = Handoff(try first.lock(customerID: "contoso", holder: "first", wait: 0))
            let started = Date()
            Thread {
                Thread.sleep(forTimeInterval: 0.3)
                held.value.release()
            }.start()
            let waited = try second.lock(customerID: "contoso", holder: "second", wait: 10)
            #expect(Date().timeIntervalSince(started) >= 0.25)
            waited.release()
        }
    }

    /// A holder whose session ends without a release (closed as a killed process's is, or
    /// terminated by the server) leaves the lock free, and its stale holder row is taken over.
    @Test(arguments: ["closed", "terminated"])
    func aDeadSessionFreesTheLock(_ how: String) throws {
        try TestDatabase.withSchema { conninfo in
            let first = try PostgresFixture.store(conninfo), second = try PostgresDirectory(url: conninfo)
            let held = try #require(try first.lock(customerID: "contoso", holder: "doomed", wait: 0) as? AdvisoryLock)
            if how == "closed" {
                held.abandon()
            } else {
                let admin = try Connection(conninfo: conninfo)
                try admin.query("SELECT pg_terminate_backend($1)", [Int(held.backendPID)])
            }
            let next = try second.lock(customerID: "contoso", holder: "next", wait: 5)
            let admin = try Connection(conninfo: conninfo)
            #expect(try admin.query("SELECT holder FROM lock_holders WHERE customer_id = 'contoso'").text(0, 0) == "next")
            next.release()
            #expect(try admin.query("SELECT count(*) FROM lock_holders").int(0, 0) == 0)
        }
    }

    /// Locks are per customer and per store: another customer, or the same customer id in
    /// another schema of the same database, is not held.
    @Test func locksArePerCustomerAndPerStore() throws {
        try TestDatabase.withSchema { conninfo in
            try TestDatabase.withSchema { otherSchema in
                let store = try PostgresFixture.store(conninfo), other = try PostgresFixture.store(otherSchema)
                try store.addCustomer(Customer(id: "fabrikam", name: "Fabrikam", domains: ["fabrikam.com"], defaultUsageLocation: "US"))
                let held = try store.lock(customerID: "contoso", holder: "a", wait: 0)
                let fabrikam = try store.lock(customerID: "fabrikam", holder: "b", wait: 0)
                let elsewhere = try other.lock(customerID: "contoso", holder: "c", wait: 0)
                [held, fabrikam, elsewhere].forEach { $0.release() }
                #expect(throws: StoreError.unknownCustomer("nobody")) {
                    try store.lock(customerID: "nobody", holder: "d", wait: 0)
                }
            }
        }
    }
}
