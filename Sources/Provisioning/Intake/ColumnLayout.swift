/// What a recognised header means: the format, which column carries each field, and which
/// columns nothing uses. Made by ``HeaderMatcher``; read by ``RowMapper``.
struct ColumnLayout: Sendable {
    /// A column that carries a field.
    struct Bound: Hashable, Sendable {
        /// The column, from 0.
        let index: Int
        /// The header as written in the file.
        let header: String
    }

    /// The format recognised.
    let format: InputFormat
    /// The number of header fields (empty names included).
    let width: Int
    /// Columns present but not used, in column order.
    let unused: [UnusedColumn]
    /// Columns (from 0) whose header is empty: a value in them is a row problem.
    let unnamed: Set<Int>

    /// Columns by ``IntakeField/ordinal``: read for every cell of every row, where hashing the
    /// field's name in a dictionary cost more than the rest of the look-up.
    private let slots: [Bound?]

    init(format: InputFormat, width: Int, bound: [IntakeField: Bound], unused: [UnusedColumn], unnamed: Set<Int>) {
        self.format = format
        self.width = width
        self.unused = unused
        self.unnamed = unnamed
        var slots = [Bound?](repeating: nil, count: IntakeField.allCases.count)
        for (field, column) in bound { slots[field.ordinal] = column }
        self.slots = slots
    }

    /// The column carrying `field`, if any.
    subscript(field: IntakeField) -> Bound? { slots[field.ordinal] }

    /// Every bound field with its column, in ``IntakeField`` order.
    var bound: [(field: IntakeField, column: Bound)] {
        IntakeField.allCases.compactMap { field in self[field].map { (field, $0) } }
    }
}

extension IntakeField {
    /// The field's position among `allCases`.
    var ordinal: Int {
        switch self {
        case .userPrincipalName: 0
        case .displayName: 1
        case .firstName: 2
        case .lastName: 3
        case .jobTitle: 4
        case .department: 5
        case .usageLocation: 6
        case .roles: 7
        case .licenses: 8
        case .removeLicenses: 9
        case .disabledPlans: 10
        case .action: 11
        case .customer: 12
        case .accountEnabled: 13
        case .blockSignIn: 14
        case .initialPassword: 15
        case .newUserPrincipalName: 16
        case .objectID: 17
        }
    }
}
