import Foundation
import Provisioning
import Reports

/// `provision migrate --from STORE --to STORE [--replace --drop-data] [--format text|json]`:
/// copies a whole store into an empty one (any backend to any backend) and checks the counts.
enum MigrateCommand: Command {
    static let path = ["migrate"]
    static let summary = "Copy a whole store into an empty one (SQLite to PostgreSQL...) and check the counts"
    static let discussion = """
    Copies every table of --from into --to: the catalog and rules, customers and domains,
    subscriptions, users with their roles, licenses, disabled plans, deleted state and password
    hashes as stored (never re-hashed), the audit log, the journal and finished batches, the
    undelivered-credential marks and the operators (which a PostgreSQL store does not keep
    yet: a source with operators is refused there). Either may be a file (SQLite) or a
    postgresql:// URL. The source is read in one consistent view while every customer's job
    lock is held; the target is written in one transaction and must be empty (made by
    'provision init') or missing, unless --replace --drop-data. A failed copy leaves the target
    as it was. At the end the rows of every table, the active and deleted users and every
    customer's seats (purchased, assigned) are compared: exit 0 when they match, 1 naming each
    difference.
    """
    static let options: [OptionDeclaration] = [
        .value("from", "STORE", help: "the store to copy: a file or a postgresql:// URL", completion: .file).required(),
        .value("to", "STORE", help: "the store to fill: a file or a postgresql:// URL, missing or empty", completion: .file).required(),
        .flag("replace", help: "with --drop-data: replace a target store that holds data"),
        .flag("drop-data", help: "with --replace: confirm that the target's data is dropped"),
        TextOrJSON.option,
    ]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let json = try TextOrJSON.isJSON(context)
        guard let from = context.arguments.value("from") else { throw CLIError.usage("migrate needs --from STORE") }
        guard let to = context.arguments.value("to") else { throw CLIError.usage("migrate needs --to STORE") }
        let replace = context.arguments.flag("replace"), dropData = context.arguments.flag("drop-data")
        if replace != dropData {
            throw CLIError.usage("--replace and --drop-data go together: replacing a store that holds data drops all of it")
        }
        let sourceLocation = try StoreFactory.location(from, from: "--from", context: context)
        let targetLocation = try StoreFactory.location(to, from: "--to", context: context)
        if sourceLocation.displayName == targetLocation.displayName {
            throw CLIError.usage("--from and --to name the same store (\(sourceLocation.displayName))")
        }
        let source = try transfer(try open(sourceLocation, option: "--from"), option: "--from", sourceLocation)
        let holder = "provision migrate, pid \(getpid())"
        var locks: [any DirectoryLock] = []
        defer { locks.forEach { $0.release() } }
        for customer in try source.customers() {
            locks.append(try source.lock(customerID: customer.id, holder: holder, wait: 0))
        }

        let exists = try targetLocation.exists()
        if exists {
            let target = try transfer(try open(targetLocation, option: "--to"), option: "--to", targetLocation)
            let held = try target.transferTables.compactMap { table -> String? in
                let rows = try target.rowCount(table)
                return rows > 0 ? "\(rows) \(table.label)" : nil
            }
            if !held.isEmpty && !replace {
                throw CLIError.input("--to \(targetLocation.displayName) is not empty (\(held.joined(separator: ", "))); "
                                     + "migrate fills an empty store only: give a new one, make one with 'provision init', "
                                     + "or pass --replace --drop-data to drop what it holds")
            }
        }
        var copied: StoreMigration.Copied?
        _ = try targetLocation.create(replacing: exists) { store in
            copied = try StoreMigration().copy(from: source, to: try transfer(store, option: "--to", targetLocation))
        }
        guard let copied else { throw CLIError.input("--from \(sourceLocation.displayName) was not read") }
        let target = try transfer(try targetLocation.open(), option: "--to", targetLocation)
        var targetCounts: StoreCounts?
        try target.readingSnapshot { targetCounts = try StoreCounts(of: target) }
        guard let targetCounts else { throw CLIError.input("--to \(targetLocation.displayName) was not read") }
        let differences = copied.source.differences(to: targetCounts)
        write(source: copied.source, target: targetCounts, differences: differences,
              from: sourceLocation.displayName, to: targetLocation.displayName, json: json, context: context)
        return differences.isEmpty ? .success : .someFailed
    }

    /// Opens `location`, saying which option names it when there is no store there.
    private static func open(_ location: any StoreLocation, option: String) throws -> any ProvisionStore {
        do {
            return try location.open()
        } catch StoreError.missing {
            throw CLIError.input("\(option) \(location.displayName): no store there")
        }
    }

    /// `store` as a ``StoreTransfer``: every backend of this build is one.
    private static func transfer(_ store: any ProvisionStore, option: String,
                                 _ location: any StoreLocation) throws -> any ProvisionStore & StoreTransfer {
        guard let transfer = store as? any ProvisionStore & StoreTransfer else {
            throw CLIError.input("\(option) \(location.displayName): this kind of store cannot be copied")
        }
        return transfer
    }

    private static func write(source: StoreCounts, target: StoreCounts, differences: [StoreCounts.Difference],
                              from: String, to: String, json: Bool, context: CommandContext) {
        if json {
            let document = JSONValue.object([
                ("from", .string(from)), ("to", .string(to)), ("verified", .bool(differences.isEmpty)),
                ("source", countsJSON(source)), ("target", countsJSON(target)),
                ("differences", .array(differences.map { difference in
                    .object([("what", .string(difference.what)), ("source", .int(difference.source)),
                             ("target", .int(difference.target))])
                })),
            ])
            context.output.write(document.document)
            return
        }
        var text = "copied \(from) to \(to)\n"
        for table in TransferTable.allCases {
            guard let rows = source.tables[table.rawValue] else { continue }
            text += "  \(table.label): \(rows)\n"
        }
        text += "  users: \(source.activeUsers) active, \(source.deletedUsers) deleted\n"
        let products = source.seats.values.reduce(0) { $0 + $1.count }
        text += "  seats: \(products) subscriptions of \(source.seats.count) customers\n"
        if differences.isEmpty {
            text += "verified: every count and seat tally of the target equals the source's\n"
            context.output.write(TerminalText.escaped(text, keepingLineBreaks: true))
        } else {
            context.output.write(TerminalText.escaped(text, keepingLineBreaks: true))
            var problems = "migrate: the target differs from the source in \(differences.count) counts:\n"
            for difference in differences { problems += "  \(difference)\n" }
            context.errors.write(TerminalText.escaped(problems, keepingLineBreaks: true))
        }
    }

    private static func countsJSON(_ counts: StoreCounts) -> JSONValue {
        .object([
            ("tables", .object(TransferTable.allCases.compactMap { table in
                counts.tables[table.rawValue].map { (table.rawValue, JSONValue.int($0)) }
            })),
            ("users", .object([("active", .int(counts.activeUsers)), ("deleted", .int(counts.deletedUsers))])),
            ("seats", .array(counts.seats.keys.sorted().flatMap { customer in
                (counts.seats[customer] ?? []).map { seat in
                    JSONValue.object([("customer", .string(customer)), ("product", .string(seat.partNumber)),
                                      ("purchased", .int(seat.purchased)), ("assigned", .int(seat.assigned))])
                }
            })),
        ])
    }
}
