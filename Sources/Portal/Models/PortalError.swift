/// Why a page cannot be shown at all (the server answers 404 or 403; a wrong field is a
/// ``FieldProblem`` on the page instead).
public enum PortalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No customer has this id.
    case unknownCustomer(String)
    /// No such user, upload or job for the customer.
    case notFound(String)
    /// The operator's role may not do this (``PermissionMatrix``); the server answers 403.
    case forbidden(String)

    public var description: String {
        switch self {
        case .unknownCustomer(let id): return "no customer has the id '\(id)'"
        case .notFound(let what): return "\(what) was not found"
        case .forbidden(let message): return message
        }
    }
}
