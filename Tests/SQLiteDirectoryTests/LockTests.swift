import Foundation
import Testing
import Provisioning
@testable import SQLiteDirectory

@Suite struct LockTests {
    @Test func aSecondHolderFailsWithLockBusyNamingTheFirst() throws {
        let fixture = try StoreFixture()
        let first = try fixture.store.lock(customerID: "contoso", holder: "pid 1 on host-a, batch nightly-7", wait: 0)
        let error = #expect(throws: LockBusy.self) {
            try fixture.store.lock(customerID: "contoso", holder: "pid 2", wait: 0.2)
        }
        #expect(error?.customerID == "contoso")
        #expect(error?.holder.hasPrefix("pid 1 on host-a, batch nightly-7") == true, "the holder text, then its process, host and time")
        // Another customer's lock is independent.
        let other = try fixture.store.lock(customerID: "fabrikam", holder: "pid 2", wait: 0)
        other.release()
        first.release()
        first.release()
        let again = try fixture.store.lock(customerID: "contoso", holder: "pid 3", wait: 0)
        again.release()
    }

    @Test func waitingSucceedsOnceTheHolderReleases() throws {
        let fixture = try StoreFixture()
        let first = try fixture.store.lock(customerID: "contoso", holder: "first", wait: 0)
        let started = Date()
        let holder = LockBox(first)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { holder.lock.release() }
        let second = try fixture.store.lock(customerID: "contoso", holder: "second", wait: 10)
        #expect(Date().timeIntervalSince(started) >= 0.25)
        second.release()
    }

    @Test func lockingAnUnknownCustomerIsAnError() throws {
        let fixture = try StoreFixture()
        #expect(throws: StoreError.unknownCustomer("nobody")) {
            try fixture.store.lock(customerID: "nobody", holder: "x", wait: 0)
        }
    }

    @Test func lockFileNamesCannotEscapeTheLockFolder() {
        #expect(CustomerLock.path(storePath: "/s/p.sqlite", customerID: "contoso") == "/s/p.sqlite.locks/contoso.lock")
        #expect(CustomerLock.path(storePath: "/s/p.sqlite", customerID: "../x y") == "/s/p.sqlite.locks/%2E%2E%2Fx%20y.lock")
    }

    /// A lock taken by another process (a shell holding `flock` on the lock file) blocks us and
    /// names its holder; when that process is killed with SIGKILL, the kernel drops the lock.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/flock")))
    func theLockDiesWithItsHolderProcess() throws {
        let fixture = try StoreFixture()
        let file = CustomerLock.path(storePath: fixture.path, customerID: "contoso")
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sh")
        child.arguments = ["-c", "exec 9<>\"$0\"; /usr/bin/flock -x 9; printf 'pid %s, other job' $$ >&9; exec sleep 60", file]
        try child.run()
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }
        var busy: LockBusy?
        for _ in 0..<100 {
            do {
                let lock = try fixture.store.lock(customerID: "contoso", holder: "me", wait: 0)
                lock.release()
                usleep(20_000)
            } catch let error as LockBusy {
                if error.holder.contains("other job") { busy = error; break }
                usleep(20_000)
            }
        }
        #expect(busy?.holder == "pid \(child.processIdentifier), other job")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        let lock = try fixture.store.lock(customerID: "contoso", holder: "me", wait: 2)
        lock.release()
    }
}

/// Hands a lock to another thread in a test.
private final class LockBox: @unchecked Sendable {
    let lock: DirectoryLock
    init(_ lock: DirectoryLock) { self.lock = lock }
}
