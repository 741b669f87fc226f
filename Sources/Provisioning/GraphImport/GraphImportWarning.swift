/// Something a Microsoft Graph import reports without refusing the files: a SKU or service
/// plan the catalog does not know, a part number that differs from the catalog's, a guest
/// account left out. Named by file and JSON path like ``GraphImportError``.
public struct GraphImportWarning: Sendable, Hashable, CustomStringConvertible {
    /// The file as the caller named it.
    public var file: String
    /// The JSON path of the value (`value[2].assignedLicenses[0].skuId`).
    public var path: String
    /// What was done with it.
    public var message: String

    /// Creates a warning.
    public init(file: String, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    /// `users.json: value[2].assignedLicenses[0].skuId: …`.
    public var description: String {
        path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)"
    }
}

/// A SKU a Graph response names that the store's catalog does not have (matched by `skuId`):
/// reported, never dropped silently.
public struct UnknownGraphSku: Sendable, Hashable, CustomStringConvertible {
    /// The SKU's GUID, lower-cased.
    public var skuID: String
    /// Graph's part number, when the response gives one (`subscribedSkus` does, users do not).
    public var partNumber: String?
    /// For users: how many users hold it; for subscribed SKUs: the enabled prepaid units.
    public var count: Int
    /// What ``count`` counts, for messages: `held by 3 users`, `10 seats`.
    public var counted: String
    /// Where it first appears.
    public var file: String
    /// The JSON path of its first appearance.
    public var path: String
    /// The catalog's product with Graph's part number, when it has one under another GUID.
    public var catalogPartNumberHint: String?

    /// Creates the report.
    public init(skuID: String, partNumber: String?, count: Int, counted: String, file: String, path: String,
                catalogPartNumberHint: String? = nil) {
        self.skuID = skuID
        self.partNumber = partNumber
        self.count = count
        self.counted = counted
        self.file = file
        self.path = path
        self.catalogPartNumberHint = catalogPartNumberHint
    }

    /// `users.json: value[2].assignedLicenses[0].skuId: SKU … is not in the catalog …`.
    public var description: String {
        let name = partNumber.map { "\($0) (\(skuID))" } ?? skuID
        var text = "\(file): \(path): SKU \(name) (\(counted)) is not in the catalog"
        if let hint = catalogPartNumberHint { text += " (the catalog has \(hint) under another GUID)" }
        return text + "; not imported; import a newer catalog to include it"
    }
}
