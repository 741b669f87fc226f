/// A value intake can read from a column: the native format's columns, by their native names.
///
/// Every template's columns map onto these; a `--map FILE` names them by ``columnName``
/// (matched case-, space- and punctuation-insensitively, like headers). See
/// `docs/csv-format.md` for what each field accepts.
public enum IntakeField: String, CaseIterable, Sendable, Hashable, Codable {
    /// The user's sign-in name.
    case userPrincipalName = "UserPrincipalName"
    /// The display name.
    case displayName = "DisplayName"
    /// The first (given) name.
    case firstName = "FirstName"
    /// The last name (surname).
    case lastName = "LastName"
    /// The job title.
    case jobTitle = "JobTitle"
    /// The department.
    case department = "Department"
    /// The usage location: an ISO 3166-1 alpha-2 code or a country name.
    case usageLocation = "UsageLocation"
    /// Directory roles, `;`-separated.
    case roles = "Roles"
    /// Products to hold, `;`-separated.
    case licenses = "Licenses"
    /// Products to remove, `;`-separated.
    case removeLicenses = "RemoveLicenses"
    /// Service plans to disable, `SKU:PLAN;SKU:PLAN`.
    case disabledPlans = "DisabledPlans"
    /// What to do: create, update, upsert, delete, restore, reset-password.
    case action = "Action"
    /// The customer the row is for (one file for many customers).
    case customer = "Customer"
    /// Whether sign-in is allowed (true/false, yes/no, 1/0).
    case accountEnabled = "AccountEnabled"
    /// Whether sign-in is blocked: the inverse of ``accountEnabled`` (Entra's `Block sign in`).
    case blockSignIn = "BlockSignIn"
    /// A temporary password chosen by the input, checked against the password rule.
    case initialPassword = "InitialPassword"
    /// The new sign-in name for a restore whose old one was taken.
    case newUserPrincipalName = "NewUserPrincipalName"
    /// The user's object id (a GUID).
    case objectID = "ObjectId"

    /// The native column name, e.g. `UserPrincipalName`.
    public var columnName: String { rawValue }

    /// Other spellings accepted for the native column (normalized keys).
    var aliases: [String] {
        switch self {
        case .userPrincipalName: return ["upn"]
        case .newUserPrincipalName: return ["newupn"]
        case .firstName: return ["givenname"]
        case .lastName: return ["surname"]
        case .roles: return ["role"]
        case .licenses: return ["licences", "license", "licence"]
        case .removeLicenses: return ["removelicences", "removelicense", "removelicence"]
        case .disabledPlans: return ["disabledplan"]
        default: return []
        }
    }

    /// Looks a field up by a column or field name, case-, space- and punctuation-insensitively,
    /// accepting the documented aliases (`UPN`, `Licences`, `GivenName`, …).
    public init?(columnName: String) {
        let key = HeaderKey(columnName)
        guard let field = Self.byKey[key.value] else { return nil }
        self = field
    }

    private static let byKey: [String: IntakeField] = {
        var table: [String: IntakeField] = [:]
        for field in allCases {
            table[HeaderKey(field.columnName).value] = field
            for alias in field.aliases { table[alias] = field }
        }
        return table
    }()
}
