import Foundation
import Operators

/// Reads an operator's password from standard input, never from an argument (docs/cli.md,
/// "Operators").
///
/// On a terminal it asks on standard error with echo turned off (termios: `ECHO` cleared, line
/// editing kept), then asks again to confirm; the terminal's settings come back whatever
/// happens. From a pipe or a file it reads the first line (up to ``maximumBytes``), without a
/// confirmation, so scripts can run `printf '%s\n' "$PW" | provision operators add …`.
enum PasswordPrompt {
    /// The longest line read (the password rules allow far less).
    static let maximumBytes = 4096

    /// The password for operator `name`.
    /// - Parameter command: the command's words, for messages.
    /// - Throws: ``CLIError/input(_:)`` naming the operator when nothing, an unreadable line, or
    ///   two different lines on a terminal were given.
    static func read(for name: String, command: String, context: CommandContext) throws -> OperatorPassword {
        let descriptor = context.input.fileDescriptor
        guard isatty(descriptor) == 1 else {
            guard let line = try readLine(descriptor, command: command, name: name) else {
                throw CLIError.input("\(command): no password for operator '\(name)' on standard input "
                                     + "(give it as the first line, or run on a terminal to be asked)")
            }
            return OperatorPassword(line)
        }
        let first = try silently(descriptor) {
            context.errors.write("password for operator '\(name)': ")
            return try readLine(descriptor, command: command, name: name)
        }
        context.errors.write("\n")
        let second = try silently(descriptor) {
            context.errors.write("the same password again: ")
            return try readLine(descriptor, command: command, name: name)
        }
        context.errors.write("\n")
        guard let first, let second else {
            throw CLIError.input("\(command): no password for operator '\(name)' was typed; nothing was changed")
        }
        guard OperatorPassword(first).matches(OperatorPassword(second)) else {
            throw CLIError.input("\(command): the two passwords typed for operator '\(name)' differ; nothing was changed")
        }
        return OperatorPassword(first)
    }

    /// Runs `body` with the terminal's echo off, and puts the settings back after it, and also
    /// when SIGINT, SIGTERM, SIGHUP or SIGQUIT ends the run meanwhile (Ctrl-C at the prompt
    /// must not leave the shell without echo): their handlers restore the terminal, then the
    /// signal is raised again with its default action.
    private static func silently<T>(_ descriptor: Int32, _ body: () throws -> T) throws -> T {
        var saved = termios()
        guard tcgetattr(descriptor, &saved) == 0 else { return try body() }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        quiet.c_lflag |= tcflag_t(ICANON)
        terminalToRestore = (descriptor, saved)
        let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
        let previous = signals.map { signal($0, restoreTerminalAndRaise) }
        _ = tcsetattr(descriptor, TCSAFLUSH, &quiet)
        defer {
            _ = tcsetattr(descriptor, TCSAFLUSH, &saved)
            for (number, handler) in zip(signals, previous) { signal(number, handler) }
            terminalToRestore = nil
        }
        return try body()
    }

    /// One line from `descriptor`, read a byte at a time so that nothing after it is consumed;
    /// without its `\n` (and a `\r` before it). `nil` at the end of input with nothing read.
    private static func readLine(_ descriptor: Int32, command: String, name: String) throws -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        var sawAny = false
        while true {
            let got = Foundation.read(descriptor, &byte, 1)
            if got < 0 {
                if errno == EINTR { continue }
                throw CLIError.input("\(command): standard input cannot be read (\(String(cString: strerror(errno))))")
            }
            if got == 0 { break }
            sawAny = true
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
            if bytes.count > maximumBytes {
                throw CLIError.input("\(command): the password line for operator '\(name)' is longer than \(maximumBytes) bytes")
            }
        }
        guard sawAny else { return nil }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CLIError.input("\(command): the password for operator '\(name)' is not valid UTF-8")
        }
        return text
    }
}

/// The terminal and its settings while a password is read with echo off, for the signal handler.
nonisolated(unsafe) private var terminalToRestore: (descriptor: Int32, settings: termios)?

/// A signal arrived at the password prompt: put the terminal's settings back, then let the
/// signal do what it would have done (`tcsetattr`, `signal` and `raise` are async-signal-safe).
private func restoreTerminalAndRaise(_ number: Int32) {
    if var terminal = terminalToRestore { _ = tcsetattr(terminal.descriptor, TCSANOW, &terminal.settings) }
    signal(number, SIG_DFL)
    raise(number)
}
