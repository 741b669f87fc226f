import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The `operators` commands through the built binary: the password piped on standard input,
/// the listing, the process's exit status, and no password in the store's files.
@Suite struct OperatorsBinaryTests {
    @Test func theBinaryAddsListsAndRemovesOperatorsWithThePasswordOnStandardInput() throws {
        let workspace = try CLIWorkspace()
        let environment = ["PROVISION_NOW": "2026-11-21T09:00:00Z", "USER": "tester", "PATH": "/usr/bin:/bin"]
        let directory = workspace.directory
        #expect(try BuiltBinary.run(["init"], in: directory, environment: environment).status == 0)
        let added = try BuiltBinary.run(["operators", "add", "alice", "--role", "global-admin"], in: directory,
                                        environment: environment, input: Data("Binary-Piped-Secret-1\n".utf8))
        #expect(added.status == 0, "\(added.errors)")
        #expect(String(decoding: added.output, as: UTF8.self) == "added operator alice (global-admin)\n")
        let refused = try BuiltBinary.run(["operators", "add", "bob", "--role", "sales-agent"], in: directory,
                                          environment: environment, input: Data("short\n".utf8))
        #expect(refused.status == 2)
        #expect(refused.errors.contains("operators add: the password for operator 'bob' is refused"))
        let noInput = try BuiltBinary.run(["operators", "passwd", "alice"], in: directory, environment: environment)
        #expect(noInput.status == 2)
        #expect(noInput.errors.contains("no password for operator 'alice' on standard input"))
        let listed = try BuiltBinary.run(["operators", "list", "--format", "json"], in: directory, environment: environment)
        let json = try #require(try JSONSerialization.jsonObject(with: listed.output) as? [[String: Any]])
        #expect(json.map { $0["name"] as? String } == ["alice"])
        for suffix in ["", "-wal", "-shm"] {
            guard let bytes = FileManager.default.contents(atPath: workspace.storePath + suffix) else { continue }
            #expect(bytes.range(of: Data("Binary-Piped-Secret".utf8)) == nil, "password in provision.sqlite\(suffix)")
        }
        let help = try BuiltBinary.run(["operators", "add", "--help"], in: directory, environment: environment)
        #expect(help.status == 0)
        #expect(String(decoding: help.output, as: UTF8.self).contains("never\nan argument"))
        #expect(try BuiltBinary.run(["operators", "remove", "alice"], in: directory, environment: environment).status == 0)
    }
}

/// Ctrl-C at the password prompt of the real binary leaves the terminal as it was: echo on.
@Suite struct OperatorsPromptSignalTests {
    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalAtThePasswordPromptPutsTheTerminalsEchoBack(_ number: Int32) throws {
        let workspace = try CLIWorkspace()
        let environment = ["PROVISION_NOW": "2026-11-21T09:00:00Z", "USER": "tester", "PATH": "/usr/bin:/bin"]
        #expect(try BuiltBinary.run(["init"], in: workspace.directory, environment: environment).status == 0)
        let (master, slave) = try OperatorsTerminalTests.openTerminal()
        defer { close(master) }
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        var before = termios()
        _ = tcgetattr(slave, &before)
        #expect(before.c_lflag & tcflag_t(ECHO) != 0)

        // The test runner's threads block SIGINT and SIGTERM, and a child inherits the mask; an
        // interactive shell's child does not, so python3 clears it before it runs the binary.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
                             + "os.execv(sys.argv[1], sys.argv[1:])",
                             try BuiltBinary.path(), "operators", "add", "alice", "--role", "global-admin"]
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: workspace.directory)
        let errors = Pipe()
        process.standardInput = terminal
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let pid = process.processIdentifier
        // Never hang the suite: a child still running after 30 s is killed.
        DispatchQueue.global().asyncAfter(deadline: .now() + 30) { [process] in
            if process.isRunning { kill(pid, SIGKILL) }
        }
        var said = ""
        while !said.contains("password for operator 'alice': ") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += String(decoding: chunk, as: UTF8.self)
        }
        var during = termios()
        _ = tcgetattr(slave, &during)
        #expect(during.c_lflag & tcflag_t(ECHO) == 0, "echo was on at the prompt")
        kill(process.processIdentifier, number)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == number)
        var after = termios()
        _ = tcgetattr(slave, &after)
        #expect(after.c_lflag & tcflag_t(ECHO) != 0, "the signal left the terminal without echo")
    }
}
