/// Why a store refused to open, to be made, or to take a change that is not one user's (those
/// come back as ``UserChangeResult/refused(_:)``). Every backend maps its own failures to these,
/// so a surface maps them to its exit codes or pages once.
///
/// `store` is the store's ``StoreLocation/displayName``: a path, or a URL with its password
/// masked. The texts name no command-line option; a surface adds its own wording. Each is thrown
/// before the call wrote anything (the command line maps them all to exit 2); a failure halfway
/// through a write, such as a connection lost mid-transaction, is the backend's own error.
public enum StoreError: Error, CustomStringConvertible, Sendable, Hashable {
    /// No store there (no file; no provision schema in the database).
    case missing(store: String)
    /// A store already exists where one was to be created.
    case exists(store: String)
    /// What is there is not a provision store (another database, not a database at all).
    case notAStore(store: String, reason: String)
    /// The store was made by a newer build, with a schema this one does not know.
    case newerSchema(store: String, found: Int, supported: Int)
    /// The store cannot be reached or refused the connection (a server down, a login refused).
    case unavailable(store: String, reason: String)
    /// No customer with this id.
    case unknownCustomer(String)
    /// No product with this part number in the catalog.
    case unknownProduct(String)
    /// A value the store was given breaks a rule; the text names the value and the rule.
    case invalid(String)

    public var description: String {
        switch self {
        case .missing(let store):
            return "no store at \(store)"
        case .exists(let store):
            return "a store already exists at \(store)"
        case .notAStore(let store, let reason):
            return "\(store) is not a provision store (\(reason))"
        case .newerSchema(let store, let found, let supported):
            return "\(store) has schema version \(found), but this build of provision knows only up to \(supported); "
                + "use a newer provision"
        case .unavailable(let store, let reason):
            return "cannot reach the store \(store): \(reason)"
        case .unknownCustomer(let id):
            return "unknown customer '\(id)'; 'provision customers list' shows the customers"
        case .unknownProduct(let partNumber):
            return "unknown product '\(partNumber)': it is not in the store's catalog ('provision catalog import FILE')"
        case .invalid(let text):
            return text
        }
    }
}
