import Provisioning

/// The requests of the pages' other actions, as the command line's `users reset-password|
/// delete|restore` make them: one per user, by user name (a restore by object id, since
/// several deleted users may share a name).
public enum PortalRequests {
    /// The source location of a page's requests.
    static func source(_ action: String) -> [SourceLocation] { [SourceLocation(file: "portal: " + action, line: 0)] }

    /// Reset the users' passwords.
    public static func resetPassword(_ users: [User]) -> [UserRequest] {
        users.map { UserRequest(action: .resetPassword, userPrincipalName: $0.userPrincipalName, sources: source("reset password")) }
    }

    /// Delete the users (restorable for 30 days).
    public static func delete(_ users: [User]) -> [UserRequest] {
        users.map { UserRequest(action: .delete, userPrincipalName: $0.userPrincipalName, sources: source("delete users")) }
    }

    /// Restore the deleted users with the licenses that still fit.
    public static func restore(_ users: [User]) -> [UserRequest] {
        users.map {
            UserRequest(action: .restore, userPrincipalName: $0.userPrincipalName, objectID: $0.objectID,
                        sources: source("restore users"))
        }
    }

    /// Refuses an action the role may not do at all, before anything runs: the page hid it,
    /// so a request for it is forged or stale. Per-user checks (an administrator's password)
    /// stay the planner's, reported per user.
    /// - Throws: ``PortalError/forbidden(_:)`` with ``PermissionMatrix``'s message.
    public static func require(_ operation: Operation, _ context: PageContext) throws {
        if let denied = PermissionMatrix.check(context.role, operation) { throw PortalError.forbidden(denied.message) }
    }
}
