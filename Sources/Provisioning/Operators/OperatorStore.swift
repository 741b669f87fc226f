/// The operators seam: where a backend keeps the portal's operators (see docs/portal-auth.md).
///
/// Names are matched without regard to case (`Alice` and `alice` are one operator); the store
/// keeps the name as it was first typed. The store holds only what ``OperatorAccount`` holds:
/// hashing and password rules live above the seam, so every backend shares them.
public protocol OperatorStore: AnyObject {
    /// The operator with this name (any case), or `nil`.
    func operatorAccount(named name: String) throws -> OperatorAccount?
    /// Every operator, sorted by name (without regard to case).
    func operatorAccounts() throws -> [OperatorAccount]
    /// Adds an operator.
    /// - Throws: ``OperatorStoreError/exists(_:)`` when the name (any case) is taken.
    func addOperator(_ account: OperatorAccount) throws
    /// Replaces the role, hash, change time and state of the operator with the account's name.
    /// - Throws: ``OperatorStoreError/unknown(_:)`` when there is none.
    func updateOperator(_ account: OperatorAccount) throws
    /// Removes the operator with this name (any case).
    /// - Throws: ``OperatorStoreError/unknown(_:)`` when there is none.
    func removeOperator(named name: String) throws
}

/// Why an ``OperatorStore`` refused a change. The text names the operator, never a password.
public enum OperatorStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An operator with this name (any case) already exists.
    case exists(String)
    /// No operator with this name.
    case unknown(String)
    /// A stored record cannot be read (an unknown role, say); the text says which and why.
    case unreadable(String)

    public var description: String {
        switch self {
        case .exists(let name): return "operator '\(name)' already exists"
        case .unknown(let name): return "no operator '\(name)'"
        case .unreadable(let text): return text
        }
    }
}
