import Foundation

/// Microsoft Graph's `GET /subscribedSkus` response as seats per product
/// (https://learn.microsoft.com/graph/api/resources/subscribedsku).
///
/// Each SKU is matched by `skuId` against the catalog (GUIDs compare case-insensitively);
/// `skuPartNumber` is a cross-check: a different part number for a known GUID is a warning, a
/// GUID the catalog lacks is an ``UnknownGraphSku`` (with the catalog's product of that part
/// number as a hint). Seats are `prepaidUnits.enabled`; `consumedUnits` is kept to compare with
/// the store's assignments.
public struct GraphSubscribedSkus: Sendable {
    /// Seats of one catalog product, as Graph reports them.
    public struct Seats: Sendable, Hashable {
        /// The catalog's part number.
        public var partNumber: String
        /// `prepaidUnits.enabled`: the seats bought and usable.
        public var seats: Int
        /// `consumedUnits`: the seats assigned in the tenant.
        public var consumed: Int
        /// Where the SKU is in the files (`file: value[2]`).
        public var source: String
    }

    /// The products found in the catalog, in file order.
    public var seats: [Seats]
    /// SKUs the catalog does not have.
    public var unknown: [UnknownGraphSku]
    /// Part numbers that differ from the catalog's.
    public var warnings: [GraphImportWarning]

    /// What one SKU of the response holds.
    struct Sku: Decodable, Sendable {
        struct Units: Decodable, Sendable { var enabled: Int }
        var skuId: String
        var skuPartNumber: String
        var consumedUnits: Int
        var prepaidUnits: Units
    }

    /// Reads and matches the files.
    /// - Parameters:
    ///   - files: the response's pages, in order (see ``GraphPages``).
    ///   - catalog: the store's products.
    /// - Throws: ``GraphImportError`` for a file that is not such a response,
    ///   ``GraphImportErrors`` for values that break a rule (a malformed GUID, a negative count,
    ///   a SKU given twice).
    public static func read(_ files: [GraphFile], catalog: [Product]) throws -> GraphSubscribedSkus {
        let items: [GraphItem<Sku>] = try GraphPages.read(files, resource: "subscribedSkus")
        let byGUID = Dictionary(catalog.map { ($0.guid, $0) }, uniquingKeysWith: { first, _ in first })
        let byPart = Dictionary(catalog.map { ($0.partNumber.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var result = GraphSubscribedSkus(seats: [], unknown: [], warnings: [])
        var problems: [GraphImportError] = []
        var seen: [String: String] = [:]
        for entry in items {
            let sku = entry.item
            let guid = sku.skuId.lowercased()
            guard GraphUsers.isGUID(guid) else {
                problems.append(GraphImportError(file: entry.file, path: entry.path + ".skuId", message: "'\(sku.skuId)' is not a GUID"))
                continue
            }
            if let earlier = seen[guid] {
                problems.append(GraphImportError(file: entry.file, path: entry.path + ".skuId",
                                                 message: "SKU \(sku.skuPartNumber) is given twice (first at \(earlier))"))
                continue
            }
            seen[guid] = "\(entry.file) \(entry.path)"
            for (name, count) in [("prepaidUnits.enabled", sku.prepaidUnits.enabled), ("consumedUnits", sku.consumedUnits)] where count < 0 {
                problems.append(GraphImportError(file: entry.file, path: "\(entry.path).\(name)", message: "\(count) is negative"))
            }
            guard let product = byGUID[guid] else {
                let hint = byPart[sku.skuPartNumber.lowercased()].map { "\($0.partNumber) (\($0.guid))" }
                result.unknown.append(UnknownGraphSku(skuID: guid, partNumber: sku.skuPartNumber, count: sku.prepaidUnits.enabled,
                                                      counted: "\(sku.prepaidUnits.enabled) seats", file: entry.file,
                                                      path: entry.path + ".skuId", catalogPartNumberHint: hint))
                continue
            }
            if product.partNumber.lowercased() != sku.skuPartNumber.lowercased() {
                result.warnings.append(GraphImportWarning(
                    file: entry.file, path: entry.path + ".skuPartNumber",
                    message: "Graph calls SKU \(guid) '\(sku.skuPartNumber)', the catalog '\(product.partNumber)'; "
                        + "imported as \(product.partNumber) (matched by skuId)"))
            }
            result.seats.append(Seats(partNumber: product.partNumber, seats: max(0, sku.prepaidUnits.enabled),
                                      consumed: sku.consumedUnits, source: "\(entry.file) \(entry.path)"))
        }
        if !problems.isEmpty { throw GraphImportErrors(problems) }
        return result
    }
}
