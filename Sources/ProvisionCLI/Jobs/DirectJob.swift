import Foundation
import Provisioning

/// A job over requests built from the command line (`users create|reset-password|delete|
/// restore`, `licenses assign|revoke`): same planner, rules, lock, journal and report as a
/// file, with passwords shown once on the terminal unless `--credentials` is given.
struct DirectJob {
    let context: CommandContext

    /// The customer (`--customer`, required).
    func customer() throws -> String {
        guard let id = context.arguments.value("customer") else { throw CLIError.usage("--customer ID is required") }
        return id
    }

    /// Plans and applies `requests` for the customer.
    func run(_ requests: [UserRequest], command: String) throws -> ExitCode {
        let runner = JobRunner(context: context)
        try runner.refuseOutputsOverInputs([])
        let customer = try customer()
        let options = try runner.options(preview: context.arguments.flag("dry-run"), exact: false, fromFile: false)
        let directory = try StoreLocator.open(context)
        let random = RandomSource.system()
        let parts = [command, customer, options.role.rawValue, ISO8601DateFormatter().string(from: options.now)]
            + requests.map { "\($0.action.rawValue) \($0.userPrincipalName)" }
        let batchID = try JobRunner.batchID(file: nil, parts: parts)
        let job = Job(directory: directory, options: options, random: random)
        let format = try runner.standardOutputFormat()
        if format != .text, context.arguments.value("credentials") == nil,
           requests.contains(where: { $0.action == .create || $0.action == .resetPassword }) {
            // The passwords would otherwise be shown in the middle of the JSON/CSV/HTML document.
            throw CLIError.usage("--format \(format.rawValue) needs --credentials FILE for the new passwords")
        }
        let outputs = CommandOutputs(runner: runner, now: options.now, random: random,
                                     credentials: options.preview ? nil : .terminal)
        let summary = try job.run(.requests(defaultCustomerID: customer, input: command, batchID: batchID,
                                            open: { ArrayRequestSource(requests) }),
                                  outputs: outputs)
        FileJob.printWhereThingsWent(context, reports: outputs.reports, credentials: outputs.credentials)
        return runner.conclude(summary)
    }

    /// The source location of a command-line request.
    static func source(_ command: String) -> [SourceLocation] { [SourceLocation(file: command, line: 0)] }

    /// Splits `a,b;c` lists.
    static func list(_ text: String?) -> [String] {
        guard let text else { return [] }
        return text.split(whereSeparator: { $0 == "," || $0 == ";" }).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// License requests from `--licenses SKU,...` and `--disable-plan SKU:PLAN`.
    static func licenses(_ arguments: ParsedArguments) throws -> [LicenseRequest] {
        var requests = list(arguments.value("licenses")).map { LicenseRequest(product: $0) }
        for entry in arguments.all("disable-plan") {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let index = requests.firstIndex(where: { $0.product.caseInsensitiveCompare(parts[0]) == .orderedSame }) else {
                throw CLIError.usage("--disable-plan '\(entry)': expected SKU:PLAN for a product given in --licenses")
            }
            requests[index].disabledPlans.append(parts[1])
        }
        return requests
    }
}
