/// A failure of the SQLite backend that has no ``Provisioning/StoreError`` counterpart. The
/// backend-neutral failures (no store, not a store, a newer schema, an unknown customer or
/// product, a refused value) are ``Provisioning/StoreError``s, which every surface maps once.
public enum SQLiteDirectoryError: Error, CustomStringConvertible, Sendable, Hashable {
    /// Hashing a password failed.
    case crypto(String)

    public var description: String {
        switch self {
        case .crypto(let text):
            return "password hashing failed: \(text)"
        }
    }
}
