/// Why the store refused to open or to take a change that is not one user's (those come back
/// as ``Provisioning/UserChangeResult/refused(_:)``).
public enum SQLiteDirectoryError: Error, CustomStringConvertible, Sendable, Hashable {
    /// No store at the path.
    case storeMissing(path: String)
    /// A store already exists where one was to be created.
    case storeExists(path: String)
    /// The file is not a provision store (another SQLite database, or not SQLite at all).
    case notAStore(path: String, reason: String)
    /// The store was made by a newer build with a schema this one does not know.
    case newerSchema(path: String, found: Int, supported: Int)
    /// No customer with this id.
    case unknownCustomer(String)
    /// No product with this part number in the catalog.
    case unknownProduct(String)
    /// A value the store was given breaks a rule; the text names the value and the rule.
    case invalid(String)
    /// Hashing a password failed.
    case crypto(String)

    public var description: String {
        switch self {
        case .storeMissing(let path):
            return "no store at \(path); create one with 'provision init' (empty) or 'provision init --sample' "
                + "(sample customers), or point --store / PROVISION_STORE at an existing store"
        case .storeExists(let path):
            return "a store already exists at \(path); pass --force to replace it"
        case .notAStore(let path, let reason):
            return "\(path) is not a provision store (\(reason))"
        case .newerSchema(let path, let found, let supported):
            return "\(path) has schema version \(found), but this build of provision knows only up to \(supported); "
                + "use a newer provision"
        case .unknownCustomer(let id):
            return "unknown customer '\(id)'; 'provision customers list' shows the customers"
        case .unknownProduct(let partNumber):
            return "unknown product '\(partNumber)': it is not in the store's catalog ('provision catalog import FILE')"
        case .invalid(let text):
            return text
        case .crypto(let text):
            return "password hashing failed: \(text)"
        }
    }
}
