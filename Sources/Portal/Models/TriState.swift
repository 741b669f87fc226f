/// Whether the selected users hold a product: all of them (a filled box), some (a partial
/// box), or none (a clear box).
public enum TriState: String, Sendable, Hashable, CaseIterable {
    /// Every selected user holds it.
    case all
    /// Some do, some do not.
    case some
    /// None does (or nobody is selected).
    case none

    /// The state of `holders` among `selected` users.
    public init(holders: Int, selected: Int) {
        if selected <= 0 || holders <= 0 {
            self = .none
        } else if holders >= selected {
            self = .all
        } else {
            self = .some
        }
    }

    /// The state in words, as the box means it: `All 3 selected users have it`.
    public func words(holders: Int, selected: Int) -> String {
        switch self {
        case .all: return selected == 1 ? "The selected user has it" : "All \(HTML.count(selected)) selected users have it"
        case .some: return "\(HTML.count(holders)) of \(HTML.count(selected)) selected users have it"
        case .none: return selected == 1 ? "The selected user does not have it" : "None of the selected users has it"
        }
    }
}
