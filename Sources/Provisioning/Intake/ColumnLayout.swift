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
    /// Columns by field.
    let bound: [IntakeField: Bound]
    /// Columns present but not used, in column order.
    let unused: [UnusedColumn]
    /// Columns (from 0) whose header is empty: a value in them is a row problem.
    let unnamed: Set<Int>

    /// The column carrying `field`, if any.
    subscript(field: IntakeField) -> Bound? { bound[field] }
}
