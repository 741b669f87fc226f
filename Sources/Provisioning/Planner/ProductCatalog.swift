import Foundation

/// The products a customer's requests may name, indexed by part number, GUID and display
/// name, with the resolution rules of the native format: `SPE_E3`, its GUID, or the exact
/// display name (case-insensitive).
public struct ProductCatalog: Sendable {
    private var byPartNumber: [String: Product] = [:]
    private var byGUID: [String: Product] = [:]
    private var byDisplayName: [String: Product] = [:]

    /// Indexes `products`.
    public init(_ products: [Product]) {
        for product in products {
            byPartNumber[product.partNumber.fastUppercased] = product
            byGUID[product.guid.fastLowercased] = product
            byDisplayName[product.displayName.fastLowercased] = product
        }
    }

    /// Every product, in no particular order.
    public var allProducts: Dictionary<String, Product>.Values { byPartNumber.values }

    /// The product with this part number (case-insensitive).
    public func product(partNumber: String) -> Product? { byPartNumber[partNumber.fastUppercased] }

    /// Resolves a product named by part number, GUID or display name.
    /// - Returns: the product, or a `NotFound` violation naming the text and the field.
    public func resolve(_ reference: String, field: String) -> Result<Product, Violation> {
        let text = reference.trimmedWhitespace
        if let product = byPartNumber[text.fastUppercased] ?? byGUID[text.fastLowercased] ?? byDisplayName[text.fastLowercased] {
            return .success(product)
        }
        let close = closestPartNumbers(to: text)
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

    private func closestPartNumbers(to text: String) -> [String] {
        let candidates = byPartNumber.keys.sorted().map { (key: $0, name: $0) }
        return EditDistance.closest(to: text.fastUppercased, among: candidates,
                                    threshold: Swift.max(2, text.count / 3), limit: 2)
    }
}
