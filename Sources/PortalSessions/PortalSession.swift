import Foundation
import Provisioning

/// One browser's session as a page sees it: who is signed in (if anyone), with which role as
/// the store has it now, and the CSRF token every form that changes anything must carry.
public struct PortalSession: Sendable, Hashable {
    /// The signed-in operator's name, `nil` before sign-in (the login form's session).
    public let operatorName: String?
    /// The operator's role, read from the store at this request; `nil` before sign-in.
    public let role: OperatorRole?
    /// The synchroniser token of this session: put it in a hidden `csrf-token` field of every
    /// form that posts.
    public let csrfToken: String
    /// When the session ends if nothing else ends it first (the absolute limit).
    public let expiresAt: Date

    /// The name of the hidden form field that carries ``csrfToken``.
    public static let csrfFieldName = "csrf-token"

    /// Whether an operator is signed in.
    public var isSignedIn: Bool { operatorName != nil }

    /// Why this session may not do `operation`, or `nil` when it may: the one permission matrix
    /// the CLI uses (``Provisioning/PermissionMatrix``), for the operator's current role.
    public func denial(_ operation: Provisioning.Operation) -> Violation? {
        guard let role else {
            return Violation(.permissionDenied, "sign in to \(operation.rawValue)")
        }
        return PermissionMatrix.check(role, operation)
    }
}

extension PortalSession: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Who and until when; never the CSRF token, so a logged session gives nothing away.
    public var description: String {
        (operatorName.map { "session of operator \($0) (\(role?.rawValue ?? "no role"))" } ?? "pre-login session")
            + ", until \(expiresAt)"
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["operatorName": operatorName as Any, "role": role as Any, "expiresAt": expiresAt])
    }
}
