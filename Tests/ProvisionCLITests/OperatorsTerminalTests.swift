import Foundation
import Testing
@testable import ProvisionCLI
#if canImport(Glibc)
import Glibc
#endif

/// On a terminal, `operators add` asks for the password twice with echo off and puts the
/// terminal back: run in-process with standard input on a pseudo-terminal, typing only after
/// each prompt appears.
@Suite struct OperatorsTerminalTests {
    final class Box: @unchecked Sendable { var code: ExitCode? }

    /// A pseudo-terminal: the controlling side and the terminal side's descriptor. The C
    /// library's pty functions need `_XOPEN_SOURCE` and are not imported, so they are looked up.
    static func openTerminal() throws -> (master: Int32, slave: Int32) {
        typealias IntFunction = @convention(c) (Int32) -> Int32
        typealias NameFunction = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32
        func symbol<T>(_ name: String, as type: T.Type) throws -> T {
            guard let found = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
                throw CLIError.input("no \(name) in the C library")
            }
            return unsafeBitCast(found, to: type)
        }
        let master = try symbol("posix_openpt", as: IntFunction.self)(O_RDWR | O_NOCTTY)
        var name = [CChar](repeating: 0, count: 128)
        guard master >= 0, try symbol("grantpt", as: IntFunction.self)(master) == 0,
              try symbol("unlockpt", as: IntFunction.self)(master) == 0,
              try symbol("ptsname_r", as: NameFunction.self)(master, &name, name.count) == 0 else {
            throw CLIError.input("no pseudo-terminal")
        }
        let slave = open(name, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw CLIError.input("cannot open the pseudo-terminal") }
        return (master, slave)
    }

    static func waitFor(_ text: String, in sink: OutputSink) -> Bool {
        for _ in 0..<1_000 {
            if sink.text.contains(text) { return true }
            usleep(10_000)
        }
        return false
    }

    /// Everything the terminal echoed back so far.
    static func drain(_ master: Int32) -> String {
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = read(master, &buffer, buffer.count)
            if got <= 0 { break }
            bytes += buffer.prefix(got)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func run(typing lines: [String], workspace: CLIWorkspace) throws -> (code: ExitCode?, errors: String, echoed: String,
                                                                               echoRestored: Bool) {
        let (master, slave) = try openTerminal()
        defer { close(master) }
        let input = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        let out = OutputSink(), err = OutputSink(), box = Box()
        let done = DispatchSemaphore(value: 0)
        let environment = workspace.environment, directory = workspace.directory
        Thread {
            box.code = ProvisionTool.main(arguments: ["operators", "add", "alice", "--role", "global-admin"],
                                          environment: environment, output: out, errors: err, input: input,
                                          currentDirectory: directory)
            done.signal()
        }.start()
        for (index, prompt) in ["password for operator 'alice': ", "the same password again: "].enumerated() {
            guard waitFor(prompt, in: err) else { break }
            _ = lines[index].withCString { write(master, $0, strlen($0)) }
        }
        _ = done.wait(timeout: .now() + 30)
        var settings = termios()
        _ = tcgetattr(slave, &settings)
        return (box.code, err.text, drain(master), settings.c_lflag & tcflag_t(ECHO) != 0)
    }

    @Test func onATerminalThePasswordIsAskedTwiceWithoutEcho() throws {
        let workspace = try OperatorsCommandTests.workspace()
        let result = try Self.run(typing: ["Terminal-Typed-Secret-1\n", "Terminal-Typed-Secret-1\n"], workspace: workspace)
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.errors == "password for operator 'alice': \nthe same password again: \n")
        #expect(!result.echoed.contains("Terminal-Typed"), "echoed: \(result.echoed)")
        #expect(result.echoRestored)
        #expect(workspace.run(["operators", "list"]).output.contains("alice"))
    }

    @Test func twoDifferentLinesOnATerminalAddNothing() throws {
        let workspace = try OperatorsCommandTests.workspace()
        let result = try Self.run(typing: ["Terminal-Typed-Secret-1\n", "Terminal-Typed-Secret-2\n"], workspace: workspace)
        #expect(result.code == .usageOrInput)
        #expect(result.errors.hasSuffix("provision: error: operators add: the two passwords typed for operator 'alice' "
                                        + "differ; nothing was changed\n"))
        #expect(result.echoRestored)
        #expect(!result.echoed.contains("Terminal-Typed"))
        #expect(workspace.run(["operators", "list", "--format", "json"]).output == "[]\n")
    }
}
