/// What ``RulesCSV`` read: the rules, and the line each came from.
public struct RulesFile: Sendable, Hashable {
    /// The rules, in file order.
    public var rules: LicensingRules
    /// The 1-based line of each rule, parallel to `rules.rules`.
    public var lines: [Int]
    /// The file's name, for errors.
    public var fileName: String
    /// The 1-based columns of `Subject` and `Object` in the file.
    public var subjectColumn: Int, objectColumn: Int

    /// Creates a result.
    public init(rules: LicensingRules, lines: [Int], fileName: String, subjectColumn: Int = 2, objectColumn: Int = 3) {
        self.rules = rules
        self.lines = lines
        self.fileName = fileName
        self.subjectColumn = subjectColumn
        self.objectColumn = objectColumn
    }

    /// Rules that name a product missing from `products`, or a plan that no product includes:
    /// one error per unknown name, with the rule's line and column.
    public func unknownReferences(in products: [Product]) -> [CatalogError] {
        let partNumbers = Set(products.map(\.partNumber))
        let plans = Set(products.flatMap { $0.servicePlans.map(\.name) })
        var problems: [CatalogError] = []
        for (index, rule) in rules.rules.enumerated() {
            let line = index < lines.count ? lines[index] : 0
            for (position, subject) in rule.subjects.enumerated() {
                let column: LicensingRule.RowColumn = position == 0 ? .subject : .object
                let number = position == 0 ? subjectColumn : objectColumn
                switch subject {
                case .product(let name) where !partNumbers.contains(name):
                    problems.append(CatalogError(fileName: fileName, line: line, column: number,
                                                 field: column.name,
                                                 message: "product \(name) is not in the catalog"))
                case .plan(let name) where !plans.contains(name):
                    problems.append(CatalogError(fileName: fileName, line: line, column: number,
                                                 field: column.name,
                                                 message: "service plan \(name) is in no product of the catalog"))
                default:
                    continue
                }
            }
        }
        return problems
    }
}
