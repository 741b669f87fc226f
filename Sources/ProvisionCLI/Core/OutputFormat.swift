import Foundation

/// How a listing is printed: `--format table|json|csv` (table by default).
enum OutputFormat: String, CaseIterable {
    /// Aligned columns for people (Chinese and other wide characters count two columns).
    case table
    /// One JSON document, keys in a fixed order.
    case json
    /// RFC 4180 CSV with a header row and the formula guard, for Excel and scripts.
    case csv

    /// The `--format` of the command line.
    /// - Throws: ``CLIError/usage(_:)`` naming the value and the formats.
    static func parse(_ context: CommandContext) throws -> OutputFormat {
        guard let text = context.arguments.value("format") else { return .table }
        return try named(text)
    }

    /// `--format FORMAT` of the listings.
    static let option = OptionDeclaration.value("format", "FORMAT", help: "table (default), json or csv",
                                                completion: .choices(allCases.map(\.rawValue)),
                                                check: { _ = try named($0) })

    /// A format by name, case-insensitive.
    /// - Throws: ``CLIError/usage(_:)`` naming the value and the formats.
    static func named(_ text: String) throws -> OutputFormat {
        guard let format = OutputFormat(rawValue: text.lowercased()) else {
            throw CLIError.usage("--format '\(text)': use table, json or csv")
        }
        return format
    }
}

/// `--format text|json`, for commands that print a message or one document (text by default):
/// declared and parsed here once.
enum TextOrJSON {
    /// `--format FORMAT` of those commands.
    static let option = OptionDeclaration.value("format", "FORMAT", help: "text (default) or json",
                                                completion: .choices(["text", "json"]),
                                                check: { _ = try isJSON($0) })

    /// Whether the command line asks for JSON.
    /// - Throws: ``CLIError/usage(_:)`` naming the value.
    static func isJSON(_ context: CommandContext) throws -> Bool {
        try isJSON(context.arguments.value("format") ?? "text")
    }

    /// Whether `name` is `json` (any case); `text` is not.
    /// - Throws: ``CLIError/usage(_:)`` for anything else.
    static func isJSON(_ name: String) throws -> Bool {
        switch name.lowercased() {
        case "text": return false
        case "json": return true
        default: throw CLIError.usage("--format '\(name)': use text or json")
        }
    }
}
