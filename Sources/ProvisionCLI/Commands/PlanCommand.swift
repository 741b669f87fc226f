import Foundation
import Provisioning

/// `provision plan FILE`: what `apply` would do, without writing the directory.
enum PlanCommand: Command {
    static let path = ["plan"]
    static let summary = "Show what applying a CSV would change (writes nothing); --out saves the plan"
    static let usage = """
    usage: provision plan FILE [--customer ID] [--out PLAN.json] [--exact] [--report FILE]...
                              [--encoding E] [--delimiter D] [--location XX] [--map FILE]

    Shows per user what would change, per product the seats before and after with any
    shortfall, and every rule violation. Nothing is written to the directory. --out saves the
    plan; `provision apply PLAN.json` applies exactly it, or refuses it (exit 3) when the
    directory changed since.
    """
    static let options = OptionSpec(values: JobRunner.values.union(RequestInput.values).union(["out"]),
                                    repeatable: JobRunner.repeatable, flags: ["exact"], positionals: (1, 1))

    static func run(_ context: CommandContext) throws -> ExitCode {
        if context.arguments.value("credentials") != nil {
            throw CLIError.usage("plan: --credentials belongs to apply (a plan issues no passwords)")
        }
        return try FileJob(context: context, preview: true).run(context.arguments.positionals[0],
                                                               planOut: context.arguments.value("out"))
    }
}
