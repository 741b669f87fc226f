import Foundation
import Provisioning
import Reports

/// What `users import --graph` and the subscriptions import from Graph share: the files, the
/// operator, the batch id, the lock, and how warnings are shown.
struct GraphImportSupport {
    let context: CommandContext

    /// The files: every `--graph FILE`, then the positional arguments (`--graph a.json b.json`),
    /// read in that order.
    /// - Throws: ``CLIError/usage(_:)`` when none is given; ``GraphImportError`` for one that
    ///   cannot be read.
    func files(_ given: [String]) throws -> [GraphFile] {
        guard !given.isEmpty else { throw CLIError.usage("--graph FILE is required (a Microsoft Graph response; see docs/graph-import.md)") }
        return try given.map { name in
            name == "-" ? GraphFile(name: "-", data: context.input.readDataToEndOfFile())
                : try GraphFile(path: context.resolve(name), name: name)
        }
    }

    /// The operator's name for the audit log (as the job commands take it).
    var operatorName: String { JobRunner(context: context).operatorName }

    /// The role (`--as`), default admin agent.
    func role() throws -> OperatorRole { try JobRunner(context: context).role() }

    /// A batch id that is the same for the same files, customer and "now".
    func batchID(command: String, customer: String, files: [GraphFile], now: Date) throws -> String {
        let parts = [command, customer, ISO8601DateFormatter().string(from: now)]
            + files.flatMap { [$0.name, String(decoding: $0.data, as: UTF8.self)] }
        return try JobRunner.batchID(file: nil, parts: parts)
    }

    /// Takes the customer's job lock (`--wait SECONDS`).
    func lock(_ store: any ProvisionStore, customer: String, batchID: String, command: String) throws -> DirectoryLock {
        var wait: TimeInterval = 0
        if let text = context.arguments.value("wait") {
            guard let seconds = Double(text), seconds >= 0 else { throw CLIError.usage("--wait: '\(text)' is not a number of seconds") }
            wait = seconds
        }
        return try store.lock(customerID: customer, holder: "provision \(command), pid \(getpid()), batch \(batchID)", wait: wait)
    }

    /// `--format text|json`.
    func json() throws -> Bool {
        try TextOrJSON.isJSON(context)
    }

    /// Writes a warning line to standard error, its values escaped.
    func warn(_ text: String) {
        context.errors.write("provision: warning: \(TerminalText.escaped(text))\n")
    }

    /// The JSON of an unknown SKU.
    static func json(_ sku: UnknownGraphSku) -> JSONValue {
        .object([("skuId", .string(sku.skuID)), ("skuPartNumber", sku.partNumber.map(JSONValue.string) ?? .null),
                 ("count", .int(sku.count)), ("file", .string(sku.file)), ("path", .string(sku.path)),
                 ("message", .string(sku.description))])
    }

    /// The JSON of a warning.
    static func json(_ warning: GraphImportWarning) -> JSONValue {
        .object([("file", .string(warning.file)), ("path", .string(warning.path)), ("message", .string(warning.message))])
    }
}
