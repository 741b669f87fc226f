/// Why an operators change was refused. Each names the operator; none quotes a password.
/// The core's wording: the command line and the portal add their own (no option names here).
public enum OperatorAccountError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The name breaks ``Provisioning/OperatorName``'s rule.
    case invalidName(String, reason: String)
    /// The password may not be set for this operator; the reason says which rule it breaks.
    case unacceptablePassword(operatorName: String, reason: String)
    /// An operator with this name (any case) exists already.
    case exists(String)
    /// No operator with this name.
    case unknown(String)
    /// The stored hash of this operator cannot be read.
    case unreadableHash(String)

    public var description: String {
        switch self {
        case .invalidName(let name, let reason): return "'\(name)' is not a valid operator name: \(reason)"
        case .unacceptablePassword(let name, let reason): return "the password for operator '\(name)' is refused: \(reason)"
        case .exists(let name): return "operator '\(name)' already exists"
        case .unknown(let name): return "no operator '\(name)'"
        case .unreadableHash(let name): return "the stored password hash of operator '\(name)' is unreadable; set a new one"
        }
    }
}
