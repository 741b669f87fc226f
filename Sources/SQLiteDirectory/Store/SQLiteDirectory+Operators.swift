import Foundation
import Provisioning

extension SQLiteDirectory: OperatorStore {
    private static let operatorColumns = "name, role, password_hash, created_at, changed_at, disabled"

    /// The operator with this name (any case: the column collates `NOCASE`), or `nil`.
    public func operatorAccount(named name: String) throws -> OperatorAccount? {
        let rows = try connection.cached("SELECT \(Self.operatorColumns) FROM operators WHERE name = ?1")
        defer { rows.reset() }
        rows.bind(name, at: 1)
        return try rows.step() ? try Self.operatorAccount(rows) : nil
    }

    /// Every operator, sorted by name without regard to case.
    public func operatorAccounts() throws -> [OperatorAccount] {
        let rows = try connection.cached("SELECT \(Self.operatorColumns) FROM operators ORDER BY name")
        defer { rows.reset() }
        var accounts: [OperatorAccount] = []
        while try rows.step() { accounts.append(try Self.operatorAccount(rows)) }
        return accounts
    }

    /// Adds an operator.
    /// - Throws: ``Provisioning/OperatorStoreError/exists(_:)`` naming the stored name.
    public func addOperator(_ account: OperatorAccount) throws {
        try connection.transaction {
            if let existing = try operatorAccount(named: account.name) { throw OperatorStoreError.exists(existing.name) }
            try connection.run("""
                INSERT INTO operators (\(Self.operatorColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                """) {
                $0.bind(account.name, at: 1)
                $0.bind(account.role.rawValue, at: 2)
                $0.bind(account.passwordHash, at: 3)
                $0.bind(account.createdAt.timeIntervalSince1970, at: 4)
                $0.bind(account.changedAt.timeIntervalSince1970, at: 5)
                $0.bind(account.disabled, at: 6)
            }
        }
    }

    /// Replaces the role, hash, change time and state of the operator with this name.
    /// - Throws: ``Provisioning/OperatorStoreError/unknown(_:)``.
    public func updateOperator(_ account: OperatorAccount) throws {
        let changed = try connection.transaction {
            try connection.run("""
                UPDATE operators SET role = ?2, password_hash = ?3, changed_at = ?4, disabled = ?5 WHERE name = ?1
                """) {
                $0.bind(account.name, at: 1)
                $0.bind(account.role.rawValue, at: 2)
                $0.bind(account.passwordHash, at: 3)
                $0.bind(account.changedAt.timeIntervalSince1970, at: 4)
                $0.bind(account.disabled, at: 5)
            }
        }
        if changed == 0 { throw OperatorStoreError.unknown(account.name) }
    }

    /// Removes the operator with this name.
    /// - Throws: ``Provisioning/OperatorStoreError/unknown(_:)``.
    public func removeOperator(named name: String) throws {
        let removed = try connection.transaction {
            try connection.run("DELETE FROM operators WHERE name = ?1") { $0.bind(name, at: 1) }
        }
        if removed == 0 { throw OperatorStoreError.unknown(name) }
    }

    private static func operatorAccount(_ row: Statement) throws -> OperatorAccount {
        let name = row.text(0)
        guard let role = OperatorRole(rawValue: row.text(1)) else {
            throw OperatorStoreError.unreadable("stored operator '\(name)' has an unknown role '\(row.text(1))'")
        }
        return OperatorAccount(name: name, role: role, passwordHash: row.text(2),
                               createdAt: Date(timeIntervalSince1970: row.double(3)),
                               changedAt: Date(timeIntervalSince1970: row.double(4)), disabled: row.int(5) != 0)
    }
}
