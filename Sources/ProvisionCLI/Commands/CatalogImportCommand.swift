import CSV
import Reports
import Foundation
import Provisioning

/// `provision catalog import FILE`: imports Microsoft's "Product names and service plan
/// identifiers for licensing" CSV into the store (and, with `--rules`, the licensing rules).
enum CatalogImportCommand: Command {
    static let path = ["catalog", "import"]
    static let summary = "Import Microsoft's product and service plan CSV (and --rules FILE)"
    static let discussion = """
    FILE is Microsoft's "Product names and service plan identifiers for licensing" CSV
    (- reads standard input). The encoding (UTF-8 or a BOM) and delimiter are detected; a
    European Excel copy needs e.g. --encoding cp1252 (--delimiter ';' is sniffed). Products
    are added or updated by part number. --rules replaces the licensing rules (docs/rules.md)
    after checking that every product and plan they name is in the catalog. Nothing is
    written when either file has an error.
    """
    static let arguments = [ArgumentDeclaration("FILE", help: "the catalog CSV, or - for standard input", completion: .file)]
    static let options: [OptionDeclaration] = [
        .value("encoding", "E", help: "the file's encoding when it has no BOM and is not UTF-8 (e.g. cp1252)",
               check: { _ = try CSVEncoding(name: $0) }),
        .value("delimiter", "D", help: "one character, or tab, comma, semicolon or pipe (else sniffed)",
               check: { _ = try delimiter($0) }),
        .value("rules", "RULES.csv", help: "replace the licensing rules with this file's (docs/rules.md)", completion: .file),
    ]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let given = context.arguments.positionals[0]
        let file = given == "-" ? "-" : context.resolve(given)
        var options = CSVReadOptions(fileName: given)
        if let name = context.arguments.value("encoding") { options.encoding = try CSVEncoding(name: name) }
        if let text = context.arguments.value("delimiter") { options.delimiter = try delimiter(text) }
        let store = try StoreLocator.open(context)
        let catalog: CatalogFile
        if file == "-" {
            var reader = try CSVReader(fileHandle: context.input, options: options)
            catalog = try CatalogCSV.read(&reader, fileName: given)
        } else {
            catalog = try CatalogCSV.read(path: file, options: options)
        }
        var rules: RulesFile?
        if let rulesPath = context.arguments.value("rules") {
            let parsed = try RulesCSV.read(path: context.resolve(rulesPath), options: CSVReadOptions(fileName: rulesPath))
            var known: [String: Product] = [:]
            for product in try store.products() + catalog.products { known[product.partNumber] = product }
            if let problem = parsed.unknownReferences(in: Array(known.values)).first { throw problem }
            rules = parsed
        }
        for warning in catalog.warnings { context.errors.write("provision: warning: \(TerminalText.escaped("\(warning)"))\n") }
        let result = try store.importCatalog(catalog.products)
        for skipped in result.skipped { context.errors.write("provision: warning: skipped \(TerminalText.escaped("\(skipped)"))\n") }
        context.output.write("imported \(given): \(catalog.records) rows, \(catalog.products.count) products "
                             + "(\(result.inserted) new, \(result.updated) updated), \(result.plans) service plans\n")
        if let rules {
            try store.storeRules(rules.rules)
            context.output.write("stored \(rules.rules.rules.count) licensing rules from \(rules.fileName)\n")
        }
        return .success
    }

    /// `--delimiter`: one ASCII character, or `tab`, `comma`, `semicolon`, `pipe`.
    static func delimiter(_ text: String) throws -> UInt8 {
        switch text.lowercased() {
        case "tab", "\\t": return 0x09
        case "comma": return UInt8(ascii: ",")
        case "semicolon": return UInt8(ascii: ";")
        case "pipe": return UInt8(ascii: "|")
        default:
            guard text.utf8.count == 1, let byte = text.utf8.first, byte < 0x80 else {
                throw CLIError.usage("--delimiter '\(text)': give one character, or tab, comma, semicolon or pipe")
            }
            return byte
        }
    }
}
