import Foundation

/// `provision demo`: the README's main job, end to end on the embedded default store.
///
/// Creates the sample store when it is missing (`init --sample`), then applies
/// `SampleData/new-hires.csv` to the customer `contoso`, printing the text report and writing
/// `out/report.html`, `out/report.json`, `out/report.csv` and the credentials sheet
/// `out/credentials.html` (mode 0600). Some rows fail on purpose. A second run changes
/// nothing: the users the first one made are `unchanged`, the failing rows fail again, and no
/// password (so no sheet) is issued; the demo names the sheets this run wrote, if any.
enum DemoCommand: Command {
    static let path = ["demo"]
    static let summary = "The main job on sample data: init the sample store if missing, apply SampleData/new-hires.csv"
    static let discussion = """
    Creates the sample store if it is missing, then runs
      provision apply SampleData/new-hires.csv --customer contoso --report DIR/report.html
        --report DIR/report.json --report DIR/report.csv --credentials DIR/credentials.html
    (DIR is ./out by default). Some rows fail on purpose: seat shortfalls, an unknown product,
    a product not sold in the user's country, a bad country code, a duplicate row. The demo
    exits 0 when the job ran, whatever its users' results (the job's own exit code is printed).
    """
    static let options: [OptionDeclaration] = [
        .value("out", "DIR", help: "where the reports and the credentials sheet go (default ./out)", completion: .directory),
        InitCommand.sampleDirectory,
    ]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let samples = try SampleLoader.locate(context)
        let out = context.arguments.value("out") ?? "out"
        try FileManager.default.createDirectory(atPath: context.resolve(out), withIntermediateDirectories: true)
        var common: [String] = []
        if let store = context.arguments.value("store") { common += ["--store", store] }
        if let now = context.arguments.value("now") { common += ["--now", now] }
        if context.quiet { common.append("--quiet") }
        func provision(_ words: [String]) -> ExitCode {
            context.output.write("$ provision \(words.joined(separator: " "))\n")
            return ProvisionTool.main(arguments: words + common, environment: context.environment,
                                      output: context.output, errors: context.errors, input: context.input,
                                      currentDirectory: context.currentDirectory, clock: context.clock)
        }
        if try !StoreLocator.location(context).exists() {
            let code = provision(["init", "--sample", "--sample-dir", samples])
            guard code == .success else { return code }
            context.output.write("\n")
        }
        let sheetsBefore = sheets(in: context.resolve(out))
        let code = provision(["apply", samples + "/new-hires.csv", "--customer", "contoso",
                              "--report", out + "/report.html", "--report", out + "/report.json",
                              "--report", out + "/report.csv", "--credentials", out + "/credentials.html"])
        switch code {
        case .success, .someFailed:
            // A sheet is never overwritten: a later run's passwords go to credentials-2.html, …,
            // and a run that issues none writes no sheet.
            let written = sheets(in: context.resolve(out)).subtracting(sheetsBefore).sorted()
            let passwords = written.isEmpty ? "this run issued no temporary password"
                : "this run's temporary passwords are in " + written.map { out + "/" + $0 }.joined(separator: ", ")
            context.output.write("\nThe job ran (exit \(code.rawValue): \(code == .success ? "every user succeeded or was unchanged" : "some users failed, as the sample intends")). "
                                 + "Open \(out)/report.html; \(passwords).\n")
            return .success
        case .usageOrInput, .staleOrLocked, .stoppedBySafetyLimit, .internalFailure:
            return code
        }
    }

    /// The credentials sheets in `directory`.
    private static func sheets(in directory: String) -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return Set(names.filter { $0.hasPrefix("credentials") && $0.hasSuffix(".html") })
    }
}
