import Foundation
import Provisioning

/// `provision plan FILE`: what `apply` would do, without writing the directory.
enum PlanCommand: Command {
    static let path = ["plan"]
    static let summary = "Show what applying a CSV would change (writes nothing); --out saves the plan"
    static let discussion = """
    FILE is a CSV (- reads standard input). Shows per user what would change, per product the
    seats before and after with any shortfall, and every rule violation. Nothing is written to
    the directory and no password is issued. --customer may be left out when the file has a
    Customer column. --out saves the plan; `provision apply PLAN.json`
    applies exactly it, or refuses it (exit 3) when the directory changed since.
    """
    static let arguments = [ArgumentDeclaration("FILE", help: "the CSV to plan, or - for standard input", completion: .file)]
    static let options = JobRunner.options.excluding("credentials", "mail-to") + RequestInput.options + [
        .value("out", "PLAN.json", help: "save the plan, for `provision apply PLAN.json`", completion: .file),
        .flag("exact", help: "a Licenses cell is the full set the user ends with (the file needs a Licenses column)"),
    ]

    static func run(_ context: CommandContext) throws -> ExitCode {
        return try FileJob(context: context, preview: true).run(context.arguments.positionals[0],
                                                               planOut: context.arguments.value("out"))
    }
}
