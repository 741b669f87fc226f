import Foundation
import Testing
import CSV
@testable import Provisioning
import Reports
@testable import ProvisionCLI
@testable import SQLiteDirectory

/// Issue 13's command-line conventions, in-process: global options anywhere, help and
/// version, did-you-mean, values that are never options, and the exit code of an internal failure.
@Suite struct CommandLineTests {
    // MARK: Global options anywhere

    @Test func globalOptionsWorkBeforeTheCommand() throws {
        let workspace = try CLIWorkspace()
        #expect(workspace.run(["--store", "other.sqlite", "init", "--sample", "--sample-dir", CLIWorkspace.sampleData]).code
                == .success)
        let listed = workspace.run(["--store", "other.sqlite", "customers", "list"])
        #expect(listed.code == .success, "\(listed.errors)")
        #expect(listed.output.contains("contoso"))
        let after = workspace.run(["customers", "list", "--store", "other.sqlite"])
        #expect(after.output == listed.output)
        let users = workspace.run(["--quiet", "--as", "helpdesk-agent", "--now", "2026-11-21T09:00:00Z", "--store=other.sqlite",
                                   "users", "list", "--customer", "contoso"])
        #expect(users.code == .success, "\(users.errors)")
        #expect(!FileManager.default.fileExists(atPath: workspace.storePath))
    }

    @Test func aGlobalOptionBeforeAndAfterIsGivenTwice() throws {
        let workspace = try CLIWorkspace()
        let result = workspace.run(["--store", "a.sqlite", "customers", "list", "--store", "b.sqlite"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors == "provision: error: --store given more than once\n")
    }

    @Test func aBadGlobalValueBeforeTheCommandIsRefusedAtParse() throws {
        let workspace = try CLIWorkspace()
        #expect(workspace.run(["--as", "root", "customers", "list"]).errors.contains("--as: unknown role 'root'"))
        #expect(workspace.run(["--now", "yesterday", "customers", "list"]).errors.contains("is not an ISO 8601 date-time"))
        let unknown = workspace.run(["--stor", "x", "customers", "list"])
        #expect(unknown.code == .usageOrInput)
        #expect(unknown.errors.contains("unknown option --stor; did you mean --store?"))
    }

    // MARK: Help and version

    @Test(arguments: [["--help"], ["-h"], ["help"], ["help", "--help"]])
    func theToolsHelpExitsZero(_ arguments: [String]) {
        let result = HelpSnapshotTests.run(arguments)
        #expect(result.code == .success)
        #expect(result.output == HelpText.tool())
        #expect(result.errors.isEmpty)
    }

    @Test func noArgumentsPrintHelpOnStandardErrorAndExitTwo() {
        let result = HelpSnapshotTests.run([])
        #expect(result.code == .usageOrInput)
        #expect(result.output.isEmpty)
        #expect(result.errors == HelpText.tool())
    }

    @Test(arguments: [["help", "users", "delete"], ["users", "delete", "--help"], ["users", "delete", "-h"],
                      ["--help", "users", "delete"], ["-h", "users", "delete", "--customer", "x"]])
    func aCommandsHelpExitsZero(_ arguments: [String]) throws {
        let result = HelpSnapshotTests.run(arguments)
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.output == HelpText.page(UsersDeleteCommand.self))
    }

    @Test func aGroupListsItsSubcommands() {
        let asked = HelpSnapshotTests.run(["users", "--help"])
        #expect(asked.code == .success)
        #expect(asked.output == HelpText.group(["users"]))
        for sub in ["create", "reset-password", "delete", "restore", "list", "purge"] { #expect(asked.output.contains("users \(sub)")) }
        #expect(HelpSnapshotTests.run(["help", "users"]).output == asked.output)
        let bare = HelpSnapshotTests.run(["users"])
        #expect(bare.code == .usageOrInput)
        #expect(bare.output.isEmpty)
        #expect(bare.errors == HelpText.group(["users"]) + "provision: error: 'users' needs a subcommand\n")
        #expect(HelpSnapshotTests.run(["licenses", "--customer", "x"]).code == .usageOrInput)
    }

    @Test func versionComesFromTheOneConstant() throws {
        let result = HelpSnapshotTests.run(["--version"])
        #expect(result.code == .success)
        #expect(result.output == "provision \(ProvisionVersion.string)\n")
        #expect(HelpSnapshotTests.run(["--quiet", "--version"]).output == result.output)
        let readme = try String(contentsOfFile: CLIWorkspace.root + "/README.md", encoding: .utf8)
        #expect(readme.contains("version \(ProvisionVersion.string)"), "README.md names another version")
    }

    // MARK: Did you mean

    @Test(arguments: [
        (["aply", "x.csv"], "unknown command 'aply'; did you mean 'apply'?"),
        (["users", "lst"], "unknown command 'users lst'; did you mean 'users list'?"),
        (["help", "inspekt"], "unknown command 'inspekt'; did you mean 'inspect'?"),
        (["costumers", "list"], "unknown command 'costumers'; did you mean 'customers'?"),
        (["users", "list", "--costumer", "contoso"], "users list: unknown option --costumer; did you mean --customer?"),
        (["plan", "x.csv", "--dryrun"], "plan: unknown option --dryrun (see 'provision plan --help')"),
        (["apply", "x.csv", "--dryrun"], "apply: unknown option --dryrun; did you mean --dry-run?"),
        (["apply", "x.csv", "--max-remov", "3"], "did you mean --max-removals?"),
        (["inspect", "x.csv", "-x"], "inspect: unknown option -x"),
    ])
    func unknownWordsGetTheClosestNames(_ arguments: [String], _ message: String) {
        let result = HelpSnapshotTests.run(arguments)
        #expect(result.code == .usageOrInput)
        #expect(result.errors.contains(message), "\(result.errors)")
    }

    /// `plan` does not declare --credentials (a plan issues no passwords): unknown, not "refused".
    @Test func planDoesNotAcceptCredentials() throws {
        let workspace = try CLIWorkspace.sample()
        workspace.write("u.csv", "UserPrincipalName,DisplayName\na.b@contoso.com,A B\n")
        let result = workspace.run(["plan", "u.csv", "--customer", "contoso", "--credentials", "s.csv"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors == "provision: error: plan: unknown option --credentials (see 'provision plan --help')\n")
        #expect(!PlanCommand.options.contains { $0.name == "credentials" || $0.name == "mail-to" })
        #expect(!HelpText.page(PlanCommand.self).contains("--credentials"))
    }

    // MARK: Values are never options

    @Test(arguments: [
        (["users", "list", "--customer", "--quiet"], "users list: --customer needs a value (--customer ID)"),
        (["plan", "x.csv", "--location", "--quiet"], "plan: --location needs a value (--location XX)"),
        (["plan", "x.csv", "--location", "-h"], "plan: --location needs a value"),
        (["plan", "x.csv", "--location"], "plan: --location needs a value"),
        (["--store", "--quiet", "customers", "list"], "provision: --store needs a value"),
    ])
    func anOptionIsNeverTheValueOfAnother(_ arguments: [String], _ message: String) {
        let result = HelpSnapshotTests.run(arguments)
        #expect(result.code == .usageOrInput)
        #expect(result.errors.contains(message), "\(result.errors)")
    }

    @Test func aLoneDashAndNegativeNumbersAreValues() throws {
        let options: [OptionDeclaration] = [.value("map", "FILE", help: ""), .value("wait", "SECONDS", help: ""),
                                            .flag("quiet-ish", help: "")]
        let parsed = try ParsedArguments.parse(["--map", "-", "--wait", "-1", "--", "--quiet-ish"], options: options,
                                               arguments: [ArgumentDeclaration("FILE", help: "")], command: "t")
        #expect(parsed.value("map") == "-")
        #expect(parsed.value("wait") == "-1")
        #expect(parsed.positionals == ["--quiet-ish"])
        #expect(try ParsedArguments.parse(["--map=--odd"], options: options, arguments: [], command: "t").value("map") == "--odd")
    }

    /// A declaration's check runs while parsing, with the command's own message.
    @Test(arguments: [
        (["--wait", "soon"], "--wait: 'soon' is not a number of seconds"),
        (["--batch-size", "0"], "--batch-size: '0' is not a positive number"),
        (["--max-removals", "many"], "--max-removals: 'many' is not a count"),
        (["--format", "pdf"], "--format: 'pdf' is not one of"),
        (["--encoding", "klingon"], "klingon"),
    ])
    func declaredChecksRunAtParse(_ words: [String], _ message: String) {
        #expect(throws: (any Error).self) {
            try ParsedArguments.parse(words, options: ApplyCommand.options, arguments: [], command: "apply")
        }
        let result = HelpSnapshotTests.run(["apply", "missing.csv"] + words)
        #expect(result.code == .usageOrInput)
        #expect(result.errors.contains(message), "\(result.errors)")
    }

    @Test func requiredOptionsAndArgumentsComeFromTheDeclarations() {
        #expect(HelpSnapshotTests.run(["users", "delete", "a@b.c"]).errors == "provision: error: --customer ID is required\n")
        #expect(HelpSnapshotTests.run(["users", "delete", "--customer", "c"]).errors
                == "provision: error: users delete: expected UPN..., got 0 argument(s)\n")
        #expect(HelpSnapshotTests.run(["licenses", "revoke", "--customer", "c", "--disable-plan", "X"]).errors
                .contains("unknown option --disable-plan"))
    }

    // MARK: Exit codes

    /// A store error halfway (here a table gone from under the command) is exit 70, never 2.
    @Test func anInternalFailureHasAnExitCodeOfItsOwn() throws {
        let workspace = try CLIWorkspace.sample()
        try CommandLineTests.breakStore(workspace.storePath)
        let result = workspace.run(["customers", "list"])
        #expect(result.code == .internalFailure)
        #expect(result.code.rawValue == 70)
        #expect(result.errors.contains("no such table"), "\(result.errors)")
        #expect(result.errors.contains("internal failure (exit 70)"))
    }

    /// Drops a table the listings read, as a bug or a damaged store would leave it.
    static func breakStore(_ path: String) throws {
        try Connection(path: path, mode: .readWrite).execute("DROP TABLE subscriptions")
    }

    @Test func errorsAreClassified() {
        let usage: [any Error] = [
            CLIError.usage("x"), CSVError(kind: .unknownEncoding("x"), fileName: "f", position: CSVPosition()),
            StoreError.missing(store: "p"), StoreError.newerSchema(store: "p", found: 9, supported: 3),
            StoreError.unavailable(store: "postgresql://u:***@h/db", reason: "r"), ReportError.unknownFormat("x"),
            PlanFileError(path: "p", line: 1, reason: "r"),
        ]
        for error in usage { #expect((error as? ExitCodeCarrying)?.exitCode == .usageOrInput, "\(error)") }
        #expect(ReportError.ioFailed(path: "p", errno: 5).exitCode == .internalFailure)
        #expect(!(SQLiteDirectoryError.crypto("x") is ExitCodeCarrying), "a backend's own error: exit 70")
        #expect(!(SQLiteError(ResultCode(1), message: "boom") is ExitCodeCarrying))
        #expect(Set(ExitCode.allCases.map(\.rawValue)).count == ExitCode.allCases.count)
    }
}
