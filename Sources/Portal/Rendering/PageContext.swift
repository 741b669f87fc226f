import Provisioning

/// Who a page is rendered for: the signed-in operator and the session's CSRF token, which
/// the sessions' part of the server supplies and checks. Every form that changes anything
/// carries the token in a hidden field named ``csrfFieldName``.
public struct PageContext: Sendable, Hashable {
    /// The name of the hidden field that carries the CSRF token in every POST form: the one
    /// the sessions check (`PortalSession.csrfFieldName` on the auth branch).
    public static let csrfFieldName = "csrf-token"

    /// The operator's name (shown in the header, written in the audit log).
    public var operatorName: String
    /// The operator's role: the pages hide what ``PermissionMatrix`` does not allow it.
    public var role: OperatorRole
    /// The session's CSRF token, placed in every POST form.
    public var csrfToken: String

    /// Creates a context.
    public init(operatorName: String, role: OperatorRole, csrfToken: String) {
        self.operatorName = operatorName
        self.role = role
        self.csrfToken = csrfToken
    }

    /// Whether the role may do `operation` (``PermissionMatrix``, the same check the planner makes).
    public func may(_ operation: Operation) -> Bool { PermissionMatrix.allows(role, operation) }
}
