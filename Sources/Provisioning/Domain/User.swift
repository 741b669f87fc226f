import Foundation

/// A user account in a customer's directory.
public struct User: Codable, Hashable, Sendable {
    /// The stable object id (a GUID, lower-cased), as in Entra.
    public var objectID: String
    /// The customer the user belongs to.
    public var customerID: String
    /// The sign-in name, `local@domain`.
    public var userPrincipalName: String
    /// The editable attributes.
    public var attributes: UserAttributes
    /// Directory roles held by the user (e.g. `Global Administrator`); non-empty means an admin.
    public var roles: [String]
    /// When the account was created.
    public var createdAt: Date
    /// When the account was deleted; `nil` while active.
    public var deletedAt: Date?
    /// Whether the user must change the password at next sign-in.
    public var mustChangePassword: Bool
    /// The products held; for a deleted user, the ones held at deletion (restored later).
    public var licenses: [LicenseAssignment]

    /// Creates a user.
    public init(objectID: String, customerID: String, userPrincipalName: String, attributes: UserAttributes,
                roles: [String] = [], createdAt: Date, deletedAt: Date? = nil, mustChangePassword: Bool = true,
                licenses: [LicenseAssignment] = []) {
        self.objectID = objectID.fastLowercased
        self.customerID = customerID
        self.userPrincipalName = userPrincipalName
        self.attributes = attributes
        self.roles = roles
        self.createdAt = createdAt
        self.deletedAt = deletedAt
        self.mustChangePassword = mustChangePassword
        self.licenses = licenses
    }

    /// Whether the user is deleted (restorable until purged).
    public var isDeleted: Bool { deletedAt != nil }
    /// Whether the user holds any directory role (helpdesk may not reset their passwords).
    public var isAdmin: Bool { !roles.isEmpty }
    /// The assignment of `partNumber`, if held.
    public func license(_ partNumber: String) -> LicenseAssignment? {
        licenses.first { $0.partNumber == partNumber }
    }
}

/// The attributes of a user that requests may set.
public struct UserAttributes: Codable, Hashable, Sendable {
    /// Display name (required, at most 256 characters).
    public var displayName: String
    /// Given name (at most 64).
    public var firstName: String?
    /// Surname (at most 64).
    public var lastName: String?
    /// Job title.
    public var jobTitle: String?
    /// Department.
    public var department: String?
    /// ISO 3166-1 alpha-2 usage location; no location, no licenses.
    public var usageLocation: String?
    /// Whether sign-in is allowed.
    public var accountEnabled: Bool

    /// Creates attributes.
    public init(displayName: String, firstName: String? = nil, lastName: String? = nil, jobTitle: String? = nil,
                department: String? = nil, usageLocation: String? = nil, accountEnabled: Bool = true) {
        self.displayName = displayName
        self.firstName = firstName
        self.lastName = lastName
        self.jobTitle = jobTitle
        self.department = department
        self.usageLocation = usageLocation
        self.accountEnabled = accountEnabled
    }
}
