import Foundation
import Provisioning
import Reports

/// `provision apply FILE|PLAN`: plan and apply a CSV in one step, or apply a saved plan.
enum ApplyCommand: Command {
    static let path = ["apply"]
    static let summary = "Plan and apply a CSV (or a saved plan) to a customer's directory"
    static let discussion = """
    FILE is a CSV (- reads standard input); PLAN.json is a plan saved by `provision plan --out`.
    Applies each user's changes atomically. --dry-run stops after the plan (nothing is written).
    --exact makes the Licenses column the full set each user ends with (the file needs a Licenses
    column; an empty cell keeps a user's licenses). --all-or-nothing applies nothing if any user
    would fail. A run that would remove more than --max-removals licenses (default 100) or delete
    more than --max-deletes users (default 50) stops before writing anything and reports what
    would have gone. --customer may be left out when the file has a Customer column.
    A saved plan is applied exactly as planned: --customer, --encoding, --delimiter, --location,
    --map, --dry-run and --exact are refused with it; it is refused, exit 3, when the directory
    changed since it was made or when it was already applied.
    """
    static let arguments = [ArgumentDeclaration("FILE|PLAN.json", help: "the CSV to apply, or a saved plan",
                                                completion: .file)]
    static let options = JobRunner.options + RequestInput.options
        + [JobRunner.allOrNothing, JobRunner.dryRun,
           .flag("exact", help: "a Licenses cell is the full set the user ends with (the file needs a Licenses column)")]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let argument = context.arguments.positionals[0]
        if argument != "-", PlanReader.looksLikePlan(path: context.resolve(argument)) {
            return try applyPlan(context.resolve(argument), context)
        }
        return try FileJob(context: context, preview: context.arguments.flag("dry-run")).run(argument)
    }

    private static func applyPlan(_ path: String, _ context: CommandContext) throws -> ExitCode {
        for option in ["customer", "encoding", "delimiter", "location", "map"] where context.arguments.value(option) != nil {
            throw CLIError.usage("apply PLAN: --\(option) is fixed by the plan and cannot be given")
        }
        if context.arguments.flag("dry-run") || context.arguments.flag("exact") {
            throw CLIError.usage("apply PLAN: --dry-run and --exact belong to `provision plan`")
        }
        if context.arguments.flag("all-or-nothing") {
            // A saved plan is applied as it was planned; its failures are already in it.
            throw CLIError.usage("apply PLAN: --all-or-nothing belongs to applying a file (a plan applies as it was made)")
        }
        let runner = JobRunner(context: context)
        let options = try runner.options(preview: false, exact: false, fromFile: true)
        try runner.refuseOutputsOverInputs([path])
        // A malformed or cut-off plan is refused whole, before any of it is applied.
        try PlanReader.validate(path: path)
        let directory = try StoreLocator.open(context)
        let random = RandomSource.system()
        let job = Job(directory: directory, options: options, random: random,
                      lookups: try directory.openLookups())
        let progress = Progress(context: context, noun: "users applied")
        job.progress = { progress.update($0) }
        let batchID = try PlanReader(path: path).header.batchID
        let outputs = CommandOutputs(runner: runner, now: options.now, random: random,
                                     credentials: .file("credentials-\(batchID.prefix(12)).csv"), progress: progress)
        let summary = try job.run(.plan(open: { try PlanReader(path: path) }), outputs: outputs)
        progress.finish()
        FileJob.printWhereThingsWent(context, reports: outputs.reports, credentials: outputs.credentials)
        return runner.conclude(summary)
    }
}
