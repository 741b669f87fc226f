import Foundation
import Provisioning
import Reports
import WorkQueue

/// `provision submit FILE`: queues a CSV for the workers, one job per customer it names.
enum SubmitCommand: Command {
    static let path = ["submit"]
    static let summary = "Queue a CSV for the workers: one job per customer (see provision worker)"
    static let discussion = """
    Reads and checks FILE once (- reads standard input), as apply would: a file that cannot be
    read to its end, rows naming no customer or an unknown one, or --exact without a Licenses
    column refuse it, exit 2, and nothing is queued. Otherwise the file is stored once in the
    queue and one job is queued per customer it names (--customer for rows without a Customer
    value), with the options given here; prints the job ids. A worker runs each job as
    `provision apply FILE --customer ID` with those options would, under the name of the operator
    who submitted it (PROVISION_OPERATOR); follow them with `provision jobs`. A failing job is
    retried up to --attempts times in all (default 3), then marked failed.
    """
    static let arguments = [ArgumentDeclaration("FILE", help: "the CSV to queue (- for standard input)", completion: .file)]
    static let options: [OptionDeclaration] = [
        .value("customer", "ID", help: "the customer of rows without a Customer value"),
        .value("batch-size", "N", help: "users per store transaction (default 2000)", check: { _ = try JobRunner.batchSize($0) }),
        .value("max-removals", "N|all", help: "stop a job before writing when it would remove more licenses than N (default 100)",
               check: { _ = try JobRunner.limit($0, option: "max-removals") }),
        .value("max-deletes", "N|all", help: "stop a job before writing when it would delete more users than N (default 50)",
               check: { _ = try JobRunner.limit($0, option: "max-deletes") }),
        .value("attempts", "N", help: "attempts per job before it is marked failed (default 3)", check: { _ = try attempts($0) }),
        JobRunner.allOrNothing,
        .flag("exact", help: "a Licenses cell is the full set the user ends with (the file needs a Licenses column)"),
        TextOrJSON.option,
    ] + RequestInput.options

    /// `--attempts N`: 1 to 100.
    static func attempts(_ text: String) throws -> Int {
        guard let count = Int(text), (1...100).contains(count) else {
            throw CLIError.usage("--attempts: '\(text)' is not a number of attempts from 1 to 100")
        }
        return count
    }

    static func run(_ context: CommandContext) throws -> ExitCode {
        let argument = context.arguments.positionals[0]
        let json = try TextOrJSON.isJSON(context)
        let runner = JobRunner(context: context)
        let given = context.arguments.value("customer")
        let exact = context.arguments.flag("exact"), allOrNothing = context.arguments.flag("all-or-nothing")
        let options = try runner.options(preview: false, exact: exact, fromFile: true)
        let maxAttempts = try context.arguments.value("attempts").map(attempts) ?? 3
        let input = try RequestInput(argument, context: context, defaultCustomerID: given)
        defer { input.cleanUp() }
        let first = try input.open()
        _ = try input.validate(first)
        if exact, !first.columns.contains(where: { $0.field == IntakeField.licenses.rawValue }) {
            throw JobError.exactWithoutLicensesColumn(input: argument)
        }
        let store = try StoreLocator.open(context)
        let known = try store.customers()
        let defaultCustomerID = try given.map { try StoreLocator.customer(id: $0, in: store).id }
        let rows = try rowsPerCustomer(input, known: known, defaultCustomerID: defaultCustomerID, given: given)
        let mapText = try context.arguments.value("map").map { path -> String in
            let resolved = context.resolve(path)
            guard let data = FileManager.default.contents(atPath: resolved), let text = String(data: data, encoding: .utf8) else {
                throw CLIError.input("--map \(TerminalText.escaped(path)): cannot be read as UTF-8 text (a queued job stores its map as text)")
            }
            return text
        }
        let batchID = try JobRunner.batchID(file: input.path, parts: [given ?? "", options.role.rawValue,
                                                                      exact ? "exact" : "", allOrNothing ? "aon" : ""])
        let spec = QueuedJobSpec(defaultCustomerID: given, batchID: batchID, role: options.role, exact: exact,
                                 allOrNothing: allOrNothing, batchSize: options.batchSize,
                                 maxRemovals: options.limits.maxRemovals, maxDeletes: options.limits.maxDeletes,
                                 encoding: context.arguments.value("encoding"), delimiter: input.csvOptions.delimiter,
                                 location: context.arguments.value("location"), columnMap: mapText)
        guard let bytes = FileManager.default.contents(atPath: input.path) else {
            throw CLIError.input("\(TerminalText.escaped(argument)): cannot be read")
        }
        let queue = try QueueLocator.open(context)
        let specText = try spec.json()
        let ids = try queue.enqueue(input: [UInt8](bytes), name: argument,
                                    jobs: rows.map { NewJob(customerID: $0.customer, options: specText, operatorName: runner.operatorName,
                                                            maxAttempts: maxAttempts) },
                                    now: try context.now())
        let jobs = zip(ids, rows).map { (id: $0, customer: $1.customer, rows: $1.count) }
        if json {
            context.output.write(JSONValue.object([
                ("input", .string(argument)), ("batchId", .string(batchID)),
                ("jobs", .array(jobs.map { job -> JSONValue in
                    .object([("id", .int(Int(job.id))), ("customer", .string(job.customer)), ("rows", .int(job.rows))])
                })),
            ]).document)
        } else {
            for job in jobs {
                context.output.write("Job \(job.id) queued: \(job.rows) row\(job.rows == 1 ? "" : "s") for \(TerminalText.escaped(job.customer))\n")
            }
            if !context.quiet {
                context.errors.write("Follow them with: provision jobs list (a worker runs them: provision worker)\n")
            }
        }
        return .success
    }

    /// The customers the file's rows name, in order of first appearance, with their row counts.
    /// - Throws: ``CLIError/input(_:)`` for rows naming no customer or an unknown one (with
    ///   their lines and the closest ids), so that nothing is queued for a file that would fail them.
    static func rowsPerCustomer(_ input: RequestInput, known: [Customer], defaultCustomerID: String?,
                                given: String?) throws -> [(customer: String, count: Int)] {
        var reader = try input.open()
        var order: [String] = [], counts: [String: Int] = [:]
        var unknown: [String: [Int]] = [:], unnamed: [Int] = []
        while let request = try reader.next() {
            let line = request.sources.first?.line ?? 0
            guard let id = request.customerID ?? defaultCustomerID else {
                unnamed.append(line)
                continue
            }
            guard let customer = Customer.matching(id, in: known) else {
                unknown[id, default: []].append(line)
                continue
            }
            if counts[customer.id] == nil { order.append(customer.id) }
            counts[customer.id, default: 0] += 1
        }
        func lines(_ numbers: [Int]) -> String {
            let shown = numbers.prefix(5).map(String.init).joined(separator: ", ")
            return (numbers.count == 1 ? "line " : "lines ") + shown + (numbers.count > 5 ? " and \(numbers.count - 5) more" : "")
        }
        var problems: [String] = []
        if !unnamed.isEmpty { problems.append("\(lines(unnamed)) name no customer (fill the Customer column or pass --customer)") }
        for (id, numbers) in unknown.sorted(by: { $0.value[0] < $1.value[0] }) {
            let closest = Customer.closestIDs(to: id, among: known.map(\.id))
            problems.append("\(lines(numbers)) name the unknown customer '\(TerminalText.escaped(id))'"
                            + (closest.isEmpty ? "" : " (did you mean \(closest.joined(separator: " or "))?)"))
        }
        if !problems.isEmpty {
            throw CLIError.input("\(TerminalText.escaped(input.name)): \(problems.joined(separator: "; ")); nothing was queued")
        }
        if order.isEmpty {
            if let defaultCustomerID { return [(defaultCustomerID, 0)] }
            throw CLIError.input("\(TerminalText.escaped(input.name)) has no rows; nothing was queued")
        }
        return order.map { ($0, counts[$0] ?? 0) }
    }
}
