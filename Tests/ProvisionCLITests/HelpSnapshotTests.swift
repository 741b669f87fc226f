import Foundation
import Testing
@testable import ProvisionCLI

/// Every help page and both completion scripts, against the committed files in
/// Fixtures/snapshots (re-record with RECORD_SNAPSHOTS=1), and what they must say whatever
/// the wording.
@Suite struct HelpSnapshotTests {
    static func run(_ arguments: [String]) -> (code: ExitCode, output: String, errors: String) {
        let out = OutputSink(), err = OutputSink()
        let code = ProvisionTool.main(arguments: arguments, environment: [:], output: out, errors: err)
        return (code, out.text, err.text)
    }

    static let commandPaths = ProvisionTool.commands.map { $0.path }

    @Test(arguments: commandPaths)
    func everyCommandsHelpPageMatchesItsSnapshot(_ path: [String]) throws {
        let result = Self.run(path + ["--help"])
        #expect(result.code == .success)
        #expect(result.errors.isEmpty)
        try ExpectedOutput.check(result.output, file: "help-\(path.joined(separator: "-")).txt")
    }

    @Test func theToolAndGroupPagesMatchTheirSnapshots() throws {
        try ExpectedOutput.check(Self.run(["help"]).output, file: "help.txt")
        for group in ProvisionTool.groups {
            let result = Self.run(["help"] + group)
            #expect(result.code == .success)
            try ExpectedOutput.check(result.output, file: "help-group-\(group.joined(separator: "-")).txt")
        }
    }

    /// The usage line is generated: it names every declared option and argument of the
    /// command, so `users delete` shows the --report and --wait it accepts.
    @Test(arguments: commandPaths)
    func everyUsageLineNamesEveryDeclaredOption(_ path: [String]) throws {
        let command = try #require(ProvisionTool.commands.first { $0.path == path })
        let usage = HelpText.usage(command)
        for option in command.options { #expect(usage.contains("--\(option.name)"), "\(path): --\(option.name)") }
        for argument in command.arguments { #expect(usage.contains(argument.name), "\(path): \(argument.name)") }
        let page = HelpText.page(command)
        for option in command.options + GlobalOptions.declarations where option.name != "help" {
            #expect(page.contains(option.label), "\(path): \(option.label) not on the page")
        }
    }

    @Test func usersDeleteShowsReportAndWait() {
        let page = Self.run(["users", "delete", "--help"]).output
        #expect(page.contains("[--report FILE]..."))
        #expect(page.contains("[--wait SECONDS]"))
    }

    /// One declaration per name: no command declares an option twice or shadows a global one.
    @Test(arguments: commandPaths)
    func optionNamesAreUnique(_ path: [String]) throws {
        let command = try #require(ProvisionTool.commands.first { $0.path == path })
        let names = (command.options + GlobalOptions.declarations).map(\.name)
        #expect(Set(names).count == names.count, "\(path): \(names)")
    }

    @Test func theCompletionScriptsMatchTheirSnapshots() throws {
        let bash = Self.run(["completion", "bash"]), zsh = Self.run(["completion", "zsh"])
        #expect(bash.code == .success && zsh.code == .success)
        try ExpectedOutput.check(bash.output, file: "completion.bash")
        try ExpectedOutput.check(zsh.output, file: "completion.zsh")
        #expect(Self.run(["completion", "fish"]).code == .usageOrInput)
    }

    /// The Bash script parses (`bash -n`) and names every command word and every option.
    @Test func theBashScriptIsValidAndMentionsEveryCommand() throws {
        let script = Self.run(["completion", "bash"]).output
        for command in ProvisionTool.commands {
            #expect(script.contains(command.path.count == 1 ? command.name : "'\(command.name)'"), "\(command.name)")
            for option in command.options { #expect(script.contains("--\(option.name)")) }
        }
        #expect(script.contains("complete -o default -F _provision provision"))
        #expect(try Self.shellCheck("/bin/bash", script) == 0)
    }

    /// The zsh script parses with `zsh -n` where zsh is installed.
    @Test func theZshScriptIsValidWhereZshIsInstalled() throws {
        let script = Self.run(["completion", "zsh"]).output
        #expect(script.hasPrefix("#compdef provision\n"))
        for command in ProvisionTool.commands { #expect(script.contains(command.name)) }
        guard let zsh = ["/usr/bin/zsh", "/bin/zsh"].first(where: FileManager.default.isExecutableFile) else { return }
        #expect(try Self.shellCheck(zsh, script) == 0)
    }

    /// The Bash script completes as a user types: command words, subcommands after global
    /// options, a command's options, an option's fixed values.
    @Test func theBashScriptCompletes() throws {
        let script = Self.run(["completion", "bash"]).output
        let driver = """
            t() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=(); _provision; echo "${COMPREPLY[*]}"; }
            t provision us
            t provision --store x.sqlite users ""
            t provision users delete --cu
            t provision users list --format ""
            t provision --as h
            """
        let lines = try Self.shellRun("/bin/bash", script + driver).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.prefix(5) == ["users", "create reset-password delete restore list purge import", "--customer",
                                    "table json csv", "helpdesk-agent"])
    }

    /// The zsh script hands `_arguments` the right command's specs, with the command words
    /// folded into `words[1]` (with a stub `_arguments`, where zsh is installed).
    @Test func theZshScriptFindsTheCommand() throws {
        guard let zsh = ["/usr/bin/zsh", "/bin/zsh"].first(where: FileManager.default.isExecutableFile) else { return }
        let script = Self.run(["completion", "zsh"]).output
        let driver = """
            _arguments() { print -r -- "${words[1]}|$CURRENT|${@[-1]}" }
            try() { words=("$@"); CURRENT=${#words}; _provision }
            try provision --store x.sqlite users delete a@b.c ''
            try provision users de
            try provision apply users.csv --rep
            """
        let output = try Self.shellRun(zsh, script.replacingOccurrences(of: "_provision \"$@\"\n", with: "") + driver)
        #expect(output == """
            provision users delete|3|*:UPN:\u{20}
            provision users|2|1:subcommand:(create reset-password delete restore list purge import)
            provision apply|3|1:FILE|PLAN.json:_files

            """)
    }

    /// Runs `script` with `shell` (no startup files) and returns its standard output.
    static func shellRun(_ shell: String, _ script: String) throws -> String {
        let path = NSTemporaryDirectory() + "provision-completion-\(UUID().uuidString)"
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shell)
        process.arguments = shell.hasSuffix("zsh") ? ["-f", path] : ["--norc", "--noprofile", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// `SHELL -n` over `script`: its exit status.
    static func shellCheck(_ shell: String, _ script: String) throws -> Int32 {
        let path = NSTemporaryDirectory() + "provision-completion-\(UUID().uuidString)"
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shell)
        process.arguments = ["-n", path]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
