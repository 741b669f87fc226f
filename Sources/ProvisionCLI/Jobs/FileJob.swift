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
                      lookups: try StoreLocator.openLookups(directory))
        let progress = Progress(context: context, noun: preview ? "users planned" : "users applied")
        job.progress = { progress.update($0) }
        input.describe(first, options.inputSummary, context: context)
        // The customer and the sheet's options are checked before the plan's and the reports'
        // files are created: a refused run leaves every file as it was.
        try job.checkCustomer(customer)
        let credentials = try runner.credentialSink(now: options.now, random: random,
                                                    fallback: .file("credentials-\(batchID.prefix(12)).csv"))
        var writer: PlanWriter?
        if let planOut {
            let counters = try job.changeCounters(defaultCustomerID: customer, openRequests: { try input.open() })
            writer = try PlanWriter(path: context.resolve(planOut),
                                    header: PlanHeader(batchID: batchID, role: options.role, createdAt: options.now,
                                                       input: argument, exact: exact, customers: counters))
        }
        let (sink, reports) = try runner.outcomeSink(now: options.now, progress: progress)
        let summary = try job.run(defaultCustomerID: customer, input: argument, batchID: batchID,
                                  openRequests: { try input.open() }, outcomes: sink,
                                  credentials: preview ? nil : credentials, planWriter: writer)
        try writer?.close()
        progress.finish()
        Self.printWhereThingsWent(context, reports: reports, credentials: preview ? nil : credentials)
        if let planOut { try runner.messages().write("Plan saved to \(planOut); apply it with: provision apply \(planOut)\n") }
        return JobRunner.exitCode(summary)
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
