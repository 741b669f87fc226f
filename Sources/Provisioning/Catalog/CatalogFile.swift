/// What ``CatalogCSV`` read from a catalog file.
public struct CatalogFile: Sendable, Hashable {
    /// The products, in order of first appearance, each with its service plans.
    public var products: [Product]
    /// Data records read (the header and blank lines not counted).
    public var records: Int
    /// Rows skipped or columns ignored, each with its place (the import goes on without them).
    public var warnings: [CatalogError]

    /// Creates a result.
    public init(products: [Product], records: Int, warnings: [CatalogError]) {
        self.products = products
        self.records = records
        self.warnings = warnings
    }

    /// Service plans over all products.
    public var planCount: Int { products.reduce(0) { $0 + $1.servicePlans.count } }
}
