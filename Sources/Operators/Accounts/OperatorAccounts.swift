import Foundation
import Provisioning

/// The operators of the portal, over any ``Provisioning/OperatorStore``: adding, changing the
/// password, the role or the state, removing, listing, and the login check. Every surface (the
/// `operators` commands, the portal's login) goes through this type, so the name and password
/// rules and the hashing are the same everywhere (docs/portal-auth.md).
///
/// Safe to share between threads: calls into the store are serialised by a lock; the slow
/// hashing runs outside it.
public final class OperatorAccounts: @unchecked Sendable {
    private let store: any OperatorStore
    private let lock = NSLock()
    /// The parameters new hashes get; stored hashes with other ones are re-made at sign-in.
    public let parameters: ScryptParameters
    private let random: RandomSource
    private let clock: @Sendable () -> Date

    /// - Parameters:
    ///   - parameters: scrypt's costs for new hashes (tests pass cheap ones).
    ///   - random: the salts' source (the system CSPRNG; a seeded one in tests).
    ///   - clock: "now" for the created and changed times.
    public init(store: any OperatorStore, parameters: ScryptParameters = .standard, random: RandomSource = .system(),
                clock: @escaping @Sendable () -> Date) {
        self.store = store
        self.parameters = parameters
        self.random = random
        self.clock = clock
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Adds an operator.
    /// - Throws: ``OperatorAccountError`` (bad name, refused password, name taken), ``CryptoError``.
    @discardableResult
    public func add(name: String, role: OperatorRole, password: OperatorPassword) throws -> OperatorAccount {
        if let reason = OperatorName.problem(name) { throw OperatorAccountError.invalidName(name, reason: reason) }
        if let existing = try locked({ try store.operatorAccount(named: name) }) {
            throw OperatorAccountError.exists(existing.name)
        }
        if let reason = password.problem(operatorName: name) {
            throw OperatorAccountError.unacceptablePassword(operatorName: name, reason: reason)
        }
        let hash = try newHash(password)
        let now = clock()
        let account = OperatorAccount(name: name, role: role, passwordHash: hash.encoded, createdAt: now, changedAt: now)
        try locked {
            do { try store.addOperator(account) } catch OperatorStoreError.exists(let taken) {
                throw OperatorAccountError.exists(taken)
            }
        }
        return account
    }

    /// Sets a new password.
    /// - Throws: ``OperatorAccountError/unknown(_:)``, ``OperatorAccountError/unacceptablePassword(operatorName:reason:)``.
    @discardableResult
    public func changePassword(name: String, to password: OperatorPassword) throws -> OperatorAccount {
        var account = try existing(name)
        if let reason = password.problem(operatorName: account.name) {
            throw OperatorAccountError.unacceptablePassword(operatorName: account.name, reason: reason)
        }
        account.passwordHash = try newHash(password).encoded
        account.changedAt = clock()
        try update(account)
        return account
    }

    /// Changes an operator's role.
    /// - Throws: ``OperatorAccountError/unknown(_:)``.
    @discardableResult
    public func changeRole(name: String, to role: OperatorRole) throws -> OperatorAccount {
        try modify(name) { $0.role = role }
    }

    /// Disables or enables an operator (a disabled one cannot sign in; their sessions end).
    /// - Throws: ``OperatorAccountError/unknown(_:)``.
    @discardableResult
    public func setDisabled(name: String, _ disabled: Bool) throws -> OperatorAccount {
        try modify(name) { $0.disabled = disabled }
    }

    /// Applies `change` to the stored operator and stores it with a new change time, unless
    /// it changed nothing.
    private func modify(_ name: String, _ change: (inout OperatorAccount) -> Void) throws -> OperatorAccount {
        var account = try existing(name)
        let before = account
        change(&account)
        guard account != before else { return account }
        account.changedAt = clock()
        try update(account)
        return account
    }

    /// Removes an operator.
    /// - Returns: the record removed.
    /// - Throws: ``OperatorAccountError/unknown(_:)``.
    @discardableResult
    public func remove(name: String) throws -> OperatorAccount {
        let account = try existing(name)
        try locked {
            do { try store.removeOperator(named: account.name) } catch OperatorStoreError.unknown {
                throw OperatorAccountError.unknown(name)
            }
        }
        return account
    }

    /// Every operator, sorted by name.
    public func list() throws -> [OperatorAccount] {
        try locked { try store.operatorAccounts() }
    }

    /// The operator with this name (any case), or `nil`.
    public func account(named name: String) throws -> OperatorAccount? {
        try locked { try store.operatorAccount(named: name) }
    }

    /// The login check: the operator when `name` names an enabled operator whose password is
    /// `password`, else `nil`, the same `nil` for an unknown name, a disabled operator and a
    /// wrong password.
    ///
    /// The time does not tell them apart either: an unknown name still costs one scrypt with the
    /// current parameters (against a salt of zeros, compared with a key of zeros), and a disabled
    /// operator's password is still checked. A stored hash with other parameters than
    /// ``parameters`` is re-made with the current ones after a successful check.
    /// - Throws: ``CryptoError`` (the system, not the caller, failed).
    public func authenticate(name: String, password: OperatorPassword) throws -> OperatorAccount? {
        let found = OperatorName.problem(name) == nil ? try locked({ try store.operatorAccount(named: name) }) : nil
        guard let account = found, let stored = PasswordHash(encoded: account.passwordHash) else {
            let decoy = PasswordHash(parameters: parameters, salt: [UInt8](repeating: 0, count: PasswordHash.saltLength),
                                     hash: [UInt8](repeating: 0, count: PasswordHash.hashLength))
            _ = try decoy.verify(password)
            return nil
        }
        guard try stored.verify(password), !account.disabled else { return nil }
        if stored.parameters != parameters {
            var upgraded = account
            upgraded.passwordHash = try newHash(password).encoded
            try? update(upgraded)
            return upgraded
        }
        return account
    }

    /// A hash with the current parameters and a salt drawn under the lock (a ``RandomSource``
    /// is not safe to share between threads by itself).
    private func newHash(_ password: OperatorPassword) throws -> PasswordHash {
        let salt = locked { random.bytes(PasswordHash.saltLength) }
        return try PasswordHash.make(password, parameters: parameters, salt: salt)
    }

    private func existing(_ name: String) throws -> OperatorAccount {
        guard let account = try locked({ try store.operatorAccount(named: name) }) else {
            throw OperatorAccountError.unknown(name)
        }
        return account
    }

    private func update(_ account: OperatorAccount) throws {
        try locked {
            do { try store.updateOperator(account) } catch OperatorStoreError.unknown {
                throw OperatorAccountError.unknown(account.name)
            }
        }
    }
}
