import Foundation
import Provisioning

/// The checks every ``Provisioning/OperatorStore`` must pass (the SQLite store, the in-memory
/// double, and any later backend): what is added reads back whole, names match without regard
/// to case and keep their first spelling, a taken name and an unknown one are refused with the
/// stored name, updates replace what they say and nothing else, removal removes.
public enum OperatorStoreConformance {
    /// Runs every check against `store`, which must hold no operators.
    /// - Returns: the failures, each saying what was expected; empty when all passed.
    public static func run(_ store: any OperatorStore) -> [String] {
        var failures: [String] = []
        func expect(_ condition: Bool, _ message: String) { if !condition { failures.append(message) } }
        let created = Date(timeIntervalSince1970: 1_793_491_200)
        let alice = OperatorAccount(name: "Alice.Admin", role: .globalAdmin, passwordHash: "$scrypt$ln=1,r=1,p=1$AAAAAAAAAAA$x",
                                    createdAt: created, changedAt: created)
        let bob = OperatorAccount(name: "bob", role: .helpdeskAgent, passwordHash: "$scrypt$ln=1,r=1,p=1$BBBBBBBBBBB$y",
                                  createdAt: created.addingTimeInterval(1.5), changedAt: created.addingTimeInterval(1.5))
        do {
            expect(try store.operatorAccounts().isEmpty, "a new store has operators")
            try store.addOperator(bob)
            try store.addOperator(alice)
            expect(try store.operatorAccount(named: "alice.admin") == alice, "lookup without regard to case failed")
            expect(try store.operatorAccount(named: "BOB") == bob, "bob does not read back whole")
            expect(try store.operatorAccount(named: "carol") == nil, "an unknown name was found")
            expect(try store.operatorAccounts().map(\.name) == ["Alice.Admin", "bob"], "not sorted by name")
            do {
                try store.addOperator(OperatorAccount(name: "ALICE.admin", role: .salesAgent, passwordHash: "h",
                                                      createdAt: created, changedAt: created))
                failures.append("a name taken in another case was added")
            } catch OperatorStoreError.exists(let name) {
                expect(name == "Alice.Admin", "exists names '\(name)', not the stored name")
            }
            var changed = bob
            changed.name = "BOB"
            changed.role = .userManagementAdmin
            changed.passwordHash = "new"
            changed.disabled = true
            changed.changedAt = created.addingTimeInterval(60)
            try store.updateOperator(changed)
            let stored = try store.operatorAccount(named: "bob")
            expect(stored?.name == "bob", "an update renamed the operator")
            expect(stored?.role == .userManagementAdmin && stored?.passwordHash == "new" && stored?.disabled == true
                   && stored?.changedAt == changed.changedAt && stored?.createdAt == bob.createdAt,
                   "the update did not replace role, hash, state and change time only: \(String(describing: stored))")
            do {
                try store.updateOperator(OperatorAccount(name: "carol", role: .salesAgent, passwordHash: "h",
                                                         createdAt: created, changedAt: created))
                failures.append("updating an unknown operator did not throw")
            } catch OperatorStoreError.unknown {}
            try store.removeOperator(named: "ALICE.ADMIN")
            expect(try store.operatorAccount(named: "Alice.Admin") == nil, "a removed operator is still there")
            do {
                try store.removeOperator(named: "alice.admin")
                failures.append("removing an unknown operator did not throw")
            } catch OperatorStoreError.unknown {}
            expect(try store.operatorAccounts().map(\.name) == ["bob"], "removal removed more or less")
        } catch {
            failures.append("the store threw \(error)")
        }
        return failures
    }
}

/// An ``Provisioning/OperatorStore`` in memory: the double that tests of the layers above
/// use, held to the same checks as the real stores (``OperatorStoreConformance``).
public final class InMemoryOperatorStore: OperatorStore, @unchecked Sendable {
    private var accounts: [String: OperatorAccount] = [:]
    private let lock = NSLock()

    /// An empty store.
    public init() {}

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    public func operatorAccount(named name: String) throws -> OperatorAccount? {
        locked { accounts[name.lowercased()] }
    }

    public func operatorAccounts() throws -> [OperatorAccount] {
        locked { accounts.values.sorted { $0.name.lowercased() < $1.name.lowercased() } }
    }

    public func addOperator(_ account: OperatorAccount) throws {
        try locked {
            if let existing = accounts[account.name.lowercased()] { throw OperatorStoreError.exists(existing.name) }
            accounts[account.name.lowercased()] = account
        }
    }

    public func updateOperator(_ account: OperatorAccount) throws {
        try locked {
            guard var stored = accounts[account.name.lowercased()] else { throw OperatorStoreError.unknown(account.name) }
            stored.role = account.role
            stored.passwordHash = account.passwordHash
            stored.changedAt = account.changedAt
            stored.disabled = account.disabled
            accounts[account.name.lowercased()] = stored
        }
    }

    public func removeOperator(named name: String) throws {
        try locked {
            guard accounts.removeValue(forKey: name.lowercased()) != nil else { throw OperatorStoreError.unknown(name) }
        }
    }
}
