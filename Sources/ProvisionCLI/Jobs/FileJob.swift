import Foundation
import Provisioning
import Reports

/// A job over a CSV file: `apply FILE` (possibly `--dry-run`) and `plan FILE`.
struct FileJob {
    let context: CommandContext
    let preview: Bool

    /// Runs the job over `argument` (a path or `-`), optionally saving the plan to `planOut`.
    func run(_ argument: String, planOut: String? = nil) throws -> ExitCode {
        let runner = JobRunner(context: context)
        let customer = context.arguments.value("customer")
        let exact = context.arguments.flag("exact")
        var options = try runner.options(preview: preview, exact: exact, fromFile: true)
        let input = try RequestInput(argument, context: context, defaultCustomerID: customer)
        defer { input.cleanUp() }
        try runner.refuseOutputsOverInputs([input.path])
        let first = try input.open()
        (options.expectedRows, options.inputSummary) = try input.validate(first)
        let directory = try StoreLocator.open(context)
        let random = RandomSource.system()
        let batchID = try JobRunner.batchID(file: input.path, parts: [customer ?? "", options.role.rawValue,
                                                                      exact ? "exact" : "", options.allOrNothing ? "aon" : ""])
        // The planner reads through a second connection (with a small page cache: 4-5 MiB
        // less at a million rows, as fast), so that applying, each group is written on a
        // thread of its own meanwhile (docs/planner.md, step 5).
        let job = Job(directory: directory, options: options, random: random,
                      lookups: try directory.openLookups())
        let progress = Progress(context: context, noun: preview ? "users planned" : "users applied")
        job.progress = { progress.update($0) }
        input.describe(first, options.inputSummary, context: context)
        let role = options.role, now = options.now
        let outputs = CommandOutputs(
            runner: runner, now: now, random: random,
            credentials: preview ? nil : .file("credentials-\(batchID.prefix(12)).csv"), progress: progress,
            plan: planOut.map { path in
                (path, { start in PlanHeader(batchID: start.batchID, role: role, createdAt: now, input: argument,
                                             exact: exact, customers: start.customers) })
            })
        let summary = try job.run(.requests(defaultCustomerID: customer, input: argument, batchID: batchID,
                                            open: { try input.open() }),
                                  outputs: outputs)
        progress.finish()
        Self.printWhereThingsWent(context, reports: outputs.reports, credentials: outputs.credentials)
        if let planOut { try runner.messages().write("Plan saved to \(planOut); apply it with: provision apply \(planOut)\n") }
        return runner.conclude(summary)
    }

    /// Prints where the reports and the credentials sheet were written.
    static func printWhereThingsWent(_ context: CommandContext, reports: [String], credentials: LazyCredentials?) {
        let messages = (try? JobRunner(context: context).messages()) ?? context.output
        for report in reports { messages.write("Report written to \(report)\n") }
        if let credentials, credentials.count > 0, let name = credentials.name {
            messages.write("\(credentials.count) temporary password\(credentials.count == 1 ? "" : "s") written to \(name) (readable by you only)\n")
        }
    }
}
