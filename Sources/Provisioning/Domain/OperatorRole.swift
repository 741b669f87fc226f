/// The role of the person or job running `provision` in the customer's tenant, as in
/// Partner Center. `--as ROLE`; admin agent by default.
public enum OperatorRole: String, Codable, Hashable, Sendable, CaseIterable {
    /// A partner admin agent: acts as a global admin of the customer.
    case adminAgent = "admin-agent"
    /// The customer's global administrator.
    case globalAdmin = "global-admin"
    /// User management (user) administrator.
    case userManagementAdmin = "user-management-admin"
    /// Helpdesk agent / helpdesk administrator.
    case helpdeskAgent = "helpdesk-agent"
    /// Sales agent.
    case salesAgent = "sales-agent"

    /// Parses a role name (case-insensitive, `_` or `-`).
    public init?(name: String) {
        let normal = name.lowercased().replacingOccurrences(of: "_", with: "-")
        guard let role = OperatorRole(rawValue: normal) else { return nil }
        self = role
    }

    /// Rank used to compare roles: a saved plan made by one role cannot be applied by a role
    /// that may do less. Equal rank means the same permissions.
    public var rank: Int {
        switch self {
        case .adminAgent, .globalAdmin: return 4
        case .userManagementAdmin: return 3
        case .helpdeskAgent: return 2
        case .salesAgent: return 1
        }
    }
}

/// What an operator may be asked to do to a user.
public enum Operation: String, Codable, Hashable, Sendable, CaseIterable {
    /// Create one user (`users create`).
    case createUser = "create user"
    /// Create users from a CSV upload (Partner Center asks for global admin).
    case bulkCreateUsers = "bulk-create users from a file"
    /// Change a user's attributes.
    case updateUser = "update user"
    /// Delete a user (soft delete).
    case deleteUser = "delete user"
    /// Restore a deleted user.
    case restoreUser = "restore user"
    /// Reset the password of a user without directory roles.
    case resetPassword = "reset password"
    /// Reset the password of a user who holds a directory role.
    case resetAdminPassword = "reset an administrator's password"
    /// Assign products.
    case assignLicenses = "assign licenses"
    /// Revoke products.
    case revokeLicenses = "revoke licenses"
    /// Purge users deleted more than 30 days ago.
    case purgeUsers = "purge deleted users"
    /// Give a user a directory role (any Microsoft Entra role: assigning roles takes Global
    /// Administrator or Privileged Role Administrator, see `docs/permissions.md`).
    case grantRoles = "grant directory roles"
    /// Take a directory role from a user.
    case removeRoles = "remove directory roles"
    /// Add a customer, change its name or default location, add or remove its domains.
    case manageCustomers = "add or change customers and their domains"
    /// Change the seats a customer has bought (a purchase or a reduction).
    case manageSubscriptions = "change the seats a customer has bought"
    /// Add, change or remove the portal's operators (`operators add|passwd|remove`).
    case manageOperators = "manage portal operators"
}

/// The one permission matrix, decided from Microsoft's documentation (see
/// `docs/permissions.md`) and enforced by the planner and the lifecycle commands.
public enum PermissionMatrix {
    /// Whether `role` may perform `operation`.
    public static func allows(_ role: OperatorRole, _ operation: Operation) -> Bool {
        switch role {
        case .adminAgent, .globalAdmin:
            return true
        case .userManagementAdmin:
            return ![.bulkCreateUsers, .resetAdminPassword, .grantRoles, .removeRoles, .manageCustomers,
                     .manageSubscriptions, .manageOperators].contains(operation)
        case .helpdeskAgent:
            return [.resetPassword, .assignLicenses, .revokeLicenses].contains(operation)
        case .salesAgent:
            return [.assignLicenses, .revokeLicenses].contains(operation)
        }
    }

    /// The check as a violation: `nil` when allowed, else a `PermissionDenied` naming both.
    public static func check(_ role: OperatorRole, _ operation: Operation) -> Violation? {
        if allows(role, operation) { return nil }
        let needed = OperatorRole.allCases.filter { allows($0, operation) }.map(\.rawValue).joined(separator: ", ")
        return Violation(.permissionDenied, "role \(role.rawValue) may not \(operation.rawValue)",
                         fix: "run as one of: \(needed) (--as ROLE)")
    }
}
