/// What intake needs besides the file: the run's options that fill in what the rows leave out.
public struct IntakeOptions: Sendable {
    /// The customer of rows that name none (`--customer`). Required unless the file has a
    /// `Customer` column; a row with an empty `Customer` cell then uses it.
    public var defaultCustomerID: String?
    /// The usage location of rows that give none (`--location`): an ISO 3166-1 alpha-2 code or
    /// a country name. Partner Center's template has no location column, so for it this is the
    /// location of every row, as in the portal ("one location per file").
    public var location: String?
    /// Maps arbitrary headers to native fields (`--map FILE`); when given, the header is read
    /// through it instead of being recognised as a template.
    public var columnMap: ColumnMap?

    /// Creates options; everything is optional.
    public init(defaultCustomerID: String? = nil, location: String? = nil, columnMap: ColumnMap? = nil) {
        self.defaultCustomerID = defaultCustomerID
        self.location = location
        self.columnMap = columnMap
    }
}
