import Provisioning

/// A usage location named on the command line (`users create --location`, `--filter
/// location=…`), resolved as intake resolves a file's `UsageLocation` or `Country or Region`
/// cell and a file job's `--location`: an ISO 3166-1 alpha-2 code, or a country name in any of
/// the table's languages (``CountryNames``: `DE`, `Deutschland`, `Allemagne`, `ドイツ`, `台灣`).
enum LocationArgument {
    /// The alpha-2 code `text` names.
    /// - Parameters:
    ///   - text: the value as given.
    ///   - option: the option as the user wrote it, for the message (`--location`).
    /// - Throws: ``CLIError/usage(_:)`` (exit 2) naming the option and the value, with the
    ///   closest country names, when it is neither a code nor a known name.
    static func code(_ text: String, option: String) throws -> String {
        if let code = CountryNames.code(forNameOrCode: text) { return code }
        let closest = CountryNames.closestNames(to: text)
        throw CLIError.usage("\(option) '\(text)': not an ISO 3166-1 alpha-2 country code or a country name; "
            + (closest.isEmpty ? "use a two-letter code such as TW, DE or US"
                               : "did you mean \(closest.joined(separator: " or "))?"))
    }
}
