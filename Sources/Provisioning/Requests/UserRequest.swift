/// What a request asks to be done to one user.
public enum RequestAction: String, Codable, Hashable, Sendable, CaseIterable {
    /// Create a new user; fails if the name is taken.
    case create
    /// Change an existing user's attributes and licenses.
    case update
    /// Create when missing, else update (the default for an empty `Action`).
    case upsert
    /// Soft-delete the user (restorable for 30 days; licenses released and remembered).
    case delete
    /// Restore a deleted user with the licenses that still fit.
    case restore
    /// Issue a new temporary password.
    case resetPassword = "reset-password"
}

/// One product to hold, as the input named it, with plans to disable.
public struct LicenseRequest: Codable, Hashable, Sendable {
    /// The product as written: part number (`SPE_E3`), SKU GUID, or exact display name.
    public var product: String
    /// Service plan names (or GUIDs) to disable within that product.
    public var disabledPlans: [String]

    /// Creates a license request.
    public init(product: String, disabledPlans: [String] = []) {
        self.product = product
        self.disabledPlans = disabledPlans
    }
}

/// Attribute changes a request carries; `nil` means "leave as it is".
public struct AttributePatch: Codable, Hashable, Sendable {
    /// New display name.
    public var displayName: String?
    /// New first name.
    public var firstName: String?
    /// New last name.
    public var lastName: String?
    /// New job title.
    public var jobTitle: String?
    /// New department.
    public var department: String?
    /// New usage location (ISO 3166-1 alpha-2).
    public var usageLocation: String?
    /// Whether sign-in is allowed.
    public var accountEnabled: Bool?
    /// Directory roles to hold (replaces the set when given).
    public var roles: [String]?

    /// Creates a patch.
    public init(displayName: String? = nil, firstName: String? = nil, lastName: String? = nil,
                jobTitle: String? = nil, department: String? = nil, usageLocation: String? = nil,
                accountEnabled: Bool? = nil, roles: [String]? = nil) {
        self.displayName = displayName
        self.firstName = firstName
        self.lastName = lastName
        self.jobTitle = jobTitle
        self.department = department
        self.usageLocation = usageLocation
        self.accountEnabled = accountEnabled
        self.roles = roles
    }

    /// Whether the patch changes nothing.
    public var isEmpty: Bool { self == AttributePatch() }
}

/// One user's request, as intake makes it from a CSV row (or a command makes it from options).
///
/// Problems found while reading the row (missing or malformed values) travel with the
/// request as `problems`, so the rest of the file still plans and the report shows them.
public struct UserRequest: Codable, Hashable, Sendable {
    /// The customer, from a `Customer` column; `nil` means the run's `--customer`.
    public var customerID: String?
    /// What to do.
    public var action: RequestAction
    /// The user's sign-in name (for a restore by object id, may be empty).
    public var userPrincipalName: String
    /// The user's object id, when the input names users by it (Entra's bulk restore).
    public var objectID: String?
    /// The new user name for a restore whose old name was taken (`--new-upn`).
    public var newUserPrincipalName: String?
    /// Attributes to set.
    public var attributes: AttributePatch
    /// Products to hold.
    public var addLicenses: [LicenseRequest]
    /// Products to remove, as written.
    public var removeLicenses: [String]
    /// Whether the user is to end with no licenses at all (a `Licenses` cell of `none`):
    /// every product it holds is removed, in any mode. `addLicenses` is then empty.
    public var holdsNoLicenses: Bool = false
    /// An initial password supplied by the input (Entra's template). Never logged or reported.
    public var initialPassword: TemporaryPasswordInput?
    /// Where it came from (one or more lines).
    public var sources: [SourceLocation]
    /// Problems found by intake; a request with problems fails with them and changes nothing.
    public var problems: [Violation]

    /// Creates a request.
    public init(customerID: String? = nil, action: RequestAction, userPrincipalName: String,
                objectID: String? = nil, newUserPrincipalName: String? = nil,
                attributes: AttributePatch = AttributePatch(), addLicenses: [LicenseRequest] = [],
                removeLicenses: [String] = [], initialPassword: TemporaryPasswordInput? = nil,
                sources: [SourceLocation] = [], problems: [Violation] = []) {
        self.customerID = customerID
        self.action = action
        self.userPrincipalName = userPrincipalName
        self.objectID = objectID
        self.newUserPrincipalName = newUserPrincipalName
        self.attributes = attributes
        self.addLicenses = addLicenses
        self.removeLicenses = removeLicenses
        self.initialPassword = initialPassword
        self.sources = sources
        self.problems = problems
    }
}

/// A password given in the input, kept out of every description and encoded form.
public struct TemporaryPasswordInput: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The password text; read only to build a ``TemporaryPassword``.
    public let value: String

    /// Wraps the text.
    public init(_ value: String) { self.value = value }

    public var description: String { "<redacted>" }

    /// Encodes as `"<redacted>"`: a saved plan never holds an input password.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode("<redacted>")
    }

    /// Decodes the redacted marker; a plan's input passwords cannot be recovered.
    public init(from decoder: Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }
}
