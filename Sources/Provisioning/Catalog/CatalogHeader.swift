/// Finds named columns in a header, matching names case-, space- and punctuation-insensitively
/// (DESIGN.md), e.g. `Service_Plan_Id`, `service plan id` and `ServicePlanID` are one column.
struct CatalogHeader {
    /// The header as read.
    let names: [String]
    private let index: [String: Int]

    init(_ names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() {
            let key = Self.key(name)
            if index[key] == nil { index[key] = position }
        }
        self.index = index
    }

    /// The comparison key of a header name: lower-case letters and digits only.
    static func key(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
    }

    /// The 0-based column of `name`, or `nil`.
    func column(_ name: String) -> Int? { index[Self.key(name)] }

    /// The 0-based columns of `required`, in that order.
    /// - Throws: ``CatalogError`` naming every missing column and the ones found.
    func require(_ required: [String], fileName: String, line: Int) throws -> [Int] {
        let missing = required.filter { column($0) == nil }
        guard missing.isEmpty else {
            let plural = missing.count == 1 ? "column" : "columns"
            throw CatalogError(fileName: fileName, line: line,
                               message: "missing \(plural) \(missing.joined(separator: ", ")); "
                                   + "the header has: \(names.joined(separator: ", "))")
        }
        return required.compactMap { column($0) }
    }

    /// Names of columns that are not in `known`, for a warning.
    func unknown(_ known: [String]) -> [String] {
        let keys = Set(known.map(Self.key))
        return names.filter { !keys.contains(Self.key($0)) }
    }
}
