import Foundation

/// A person who signs in to the portal (`provision serve`), with a Partner Center role.
///
/// The record the ``OperatorStore`` keeps: the name as typed (matched without regard to case),
/// the role that decides what the permission matrix lets them do, the encoded password hash
/// (never the password: the hash is made above the seam, by the `Operators` module), when the
/// account was created and last changed, and whether it is disabled (a disabled operator cannot
/// sign in, and their sessions stop working).
public struct OperatorAccount: Hashable, Sendable {
    /// The sign-in name, as typed when the account was added (see ``OperatorName``).
    public var name: String
    /// The Partner Center role (docs/permissions.md).
    public var role: OperatorRole
    /// The encoded password hash with its parameters (`$scrypt$ln=15,r=8,p=1$salt$hash`).
    public var passwordHash: String
    /// When the account was added.
    public var createdAt: Date
    /// When its role, password or state last changed.
    public var changedAt: Date
    /// Whether signing in is refused.
    public var disabled: Bool

    /// Creates a record.
    public init(name: String, role: OperatorRole, passwordHash: String, createdAt: Date, changedAt: Date,
                disabled: Bool = false) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.changedAt = changedAt
        self.disabled = disabled
    }
}

extension OperatorAccount: CustomStringConvertible {
    /// The name, role and state; never the hash.
    public var description: String {
        "operator \(name) (\(role.rawValue)\(disabled ? ", disabled" : ""))"
    }
}
