import Foundation

/// The products a customer's requests may name, indexed by part number, GUID and display
/// name, with the resolution rules of the native format: `SPE_E3`, its GUID (with or without
/// braces), or the display name, case-insensitively; a display name also with other spaces or
/// punctuation (`Microsoft 365  E3`, `Exchange Online Plan 2`).
public struct ProductCatalog: Sendable {
    private var byPartNumber: [String: Product] = [:]
    private var byGUID: [String: Product] = [:]
    private var byDisplayName: [String: Product] = [:]
    /// By ``displayKey(_:)``; the first product of a key keeps it.
    private var byDisplayKey: [String: Product] = [:]

    /// Indexes `products`.
    public init(_ products: [Product]) {
        for product in products {
            byPartNumber[product.partNumber.fastUppercased] = product
            byGUID[product.guid.fastLowercased] = product
            byDisplayName[product.displayName.fastLowercased] = product
            let key = Self.displayKey(product.displayName)
            if !key.isEmpty, byDisplayKey[key] == nil { byDisplayKey[key] = product }
        }
    }

    /// A display name lower-cased, with only its letters and digits: `Microsoft 365 E3` and
    /// `microsoft-365 e3` are one key.
    static func displayKey(_ name: String) -> String {
        String(String.UnicodeScalarView(name.lowercased().unicodeScalars.filter {
            $0.properties.isAlphabetic || $0.properties.numericType != nil
        }))
    }

    /// Every product, in no particular order.
    public var allProducts: Dictionary<String, Product>.Values { byPartNumber.values }

    /// The product with this part number (case-insensitive).
    public func product(partNumber: String) -> Product? { byPartNumber[partNumber.fastUppercased] }

    /// Resolves a product named by part number, GUID or display name.
    /// - Returns: the product, or a `NotFound` violation naming the text and the field.
    public func resolve(_ reference: String, field: String) -> Result<Product, Violation> {
        let text = reference.trimmedWhitespace
        let unbraced = text.hasPrefix("{") && text.hasSuffix("}") ? String(text.dropFirst().dropLast()) : text
        if let product = byPartNumber[text.fastUppercased] ?? byGUID[unbraced.fastLowercased]
            ?? byDisplayName[text.fastLowercased] ?? byDisplayKey[Self.displayKey(text)] {
            return .success(product)
        }
        let close = closestNames(to: text)
        return .failure(Violation(.notFound, "unknown product '\(text)'",
                                  fix: close.isEmpty ? "name a product by part number, GUID or display name"
                                                     : "did you mean \(close.joined(separator: " or "))?",
                                  field: field))
    }

    /// Resolves service plan names (or plan GUIDs) inside `product`.
    /// - Returns: the plan names, or an `InvalidInput` violation naming the plan and product.
    public func resolvePlans(_ plans: [String], in product: Product, field: String) -> Result<[String], Violation> {
        var names: [String] = []
        for plan in plans {
            let text = plan.trimmedWhitespace
            if let found = product.servicePlan(named: text) ?? product.servicePlans.first(where: { $0.id == text.fastLowercased }) {
                names.append(found.name)
            } else {
                return .failure(Violation(.invalidInput,
                                          "service plan '\(text)' is not part of \(product.displayName) (\(product.partNumber))",
                                          fix: "use one of: " + product.servicePlans.map(\.name).sorted().joined(separator: ", "),
                                          field: field))
            }
        }
        return .success(names)
    }

    /// The part numbers closest to `text`; when none is close, the display names closest to
    /// it, each shown with its part number (`Microsoft 365 E5 (SPE_E5)`).
    private func closestNames(to text: String) -> [String] {
        let candidates = byPartNumber.keys.sorted().map { (key: $0, name: $0) }
        let partNumbers = EditDistance.closest(to: text.fastUppercased, among: candidates,
                                               threshold: Swift.max(2, text.count / 3), limit: 2)
        guard partNumbers.isEmpty else { return partNumbers }
        let key = Self.displayKey(text)
        guard !key.isEmpty else { return [] }
        let names = byPartNumber.values.sorted { $0.partNumber < $1.partNumber }
            .map { (key: Self.displayKey($0.displayName), name: "\($0.displayName) (\($0.partNumber))") }
        return EditDistance.closest(to: key, among: names, threshold: Swift.max(2, key.count / 4), limit: 2)
    }
}
