/// A user of an import the store cannot take: its object id belongs to another customer, or
/// its name to another user. Nothing of the import was written.
public struct UserImportRefusal: Error, CustomStringConvertible, Sendable, Hashable {
    /// The index of the user in the list given.
    public var index: Int
    /// Why.
    public var message: String

    /// Creates the refusal.
    public init(index: Int, message: String) {
        self.index = index
        self.message = message
    }

    public var description: String { message }
}
