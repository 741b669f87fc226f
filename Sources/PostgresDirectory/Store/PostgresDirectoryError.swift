/// Why the PostgreSQL store refused to open or to take a change that is not one user's (those
/// come back as ``Provisioning/UserChangeResult/refused(_:)``); the server's own failures are
/// ``PostgresError``.
public enum PostgresDirectoryError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The schema was migrated by a newer build, to a version this one does not know.
    case newerSchema(found: Int, supported: Int)
    /// No customer with this id.
    case unknownCustomer(String)
    /// No product with this part number in the catalog.
    case unknownProduct(String)
    /// A value the store was given breaks a rule; the text names the value and the rule.
    case invalid(String)

    public var description: String {
        switch self {
        case .newerSchema(let found, let supported):
            return "the PostgreSQL store has schema version \(found), but this build of provision knows only up to "
                + "\(supported); use a newer provision"
        case .unknownCustomer(let id):
            return "unknown customer '\(id)'; 'provision customers list' shows the customers"
        case .unknownProduct(let partNumber):
            return "unknown product '\(partNumber)': it is not in the store's catalog ('provision catalog import FILE')"
        case .invalid(let text):
            return text
        }
    }
}
