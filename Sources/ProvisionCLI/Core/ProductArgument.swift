import Provisioning

/// A product named on the command line (`--product`, `--filter product=…`), resolved the way
/// input files' `Licenses` cells are (``ProductCatalog/resolve(_:field:)``): by part number,
/// GUID or display name, case-insensitively.
enum ProductArgument {
    /// The part number of the product `text` names, in the store's catalog.
    /// - Parameters:
    ///   - text: the value as given.
    ///   - option: the option as the user wrote it, for the message (`--product`).
    /// - Throws: ``CLIError/usage(_:)`` (exit 2) naming the option and the value, with the
    ///   catalog's closest part numbers, when no product matches.
    static func partNumber(_ text: String, option: String, directory: Directory) throws -> String {
        switch ProductCatalog(try directory.products()).resolve(text, field: option) {
        case .success(let product):
            return product.partNumber
        case .failure(let violation):
            throw CLIError.usage("\(option) '\(text)': \(violation.message)" + (violation.fix.map { "; \($0)" } ?? ""))
        }
    }
}
