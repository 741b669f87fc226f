/// The kinds of file intake recognises from their header. See `docs/csv-format.md`.
public enum InputFormat: String, CaseIterable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The project's own format: one row per user, `UserPrincipalName`, `Licenses`, `Action`, ….
    case native
    /// Partner Center's bulk-add template: First name, Last name, Display name, Email, Status update.
    case partnerCenter
    /// The Microsoft 365 admin center's "Add multiple users" template (User Name, …, Country or
    /// Region), with or without `Alternate email address`.
    case adminCenter
    /// Entra ID's bulk create template (`version:v1.0`, `Name [displayName] Required`, …).
    case entraCreate
    /// Entra ID's bulk delete template (`User name [userPrincipalName] Required`).
    case entraDelete
    /// Entra ID's bulk restore template (`Object ID [objectId] Required`).
    case entraRestore
    /// Any header, mapped to native fields by a ``ColumnMap`` (`--map FILE`).
    case mapped

    /// A name for people, e.g. `Partner Center bulk add`.
    public var title: String {
        switch self {
        case .native: return "native"
        case .partnerCenter: return "Partner Center bulk add"
        case .adminCenter: return "Microsoft 365 admin center \"Add multiple users\""
        case .entraCreate: return "Entra ID bulk create"
        case .entraDelete: return "Entra ID bulk delete"
        case .entraRestore: return "Entra ID bulk restore"
        case .mapped: return "mapped by --map"
        }
    }

    /// The action of a row that names none (or has no `Action` column).
    public var defaultAction: RequestAction {
        switch self {
        case .native, .mapped: return .upsert
        case .partnerCenter, .adminCenter, .entraCreate: return .create
        case .entraDelete: return .delete
        case .entraRestore: return .restore
        }
    }

    /// Whether the format is one of Entra's bulk templates (`version:v1.0`, bracketed properties).
    public var isEntra: Bool {
        switch self {
        case .entraCreate, .entraDelete, .entraRestore: return true
        default: return false
        }
    }

    /// The stable identifier, e.g. `partnerCenter` (for JSON and logs); ``title`` is for people.
    public var description: String { rawValue }
}
