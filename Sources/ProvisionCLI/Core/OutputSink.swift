import Foundation

/// Where a command writes text: the process's stdout/stderr, or a buffer in tests.
///
/// A closed reader (`provision apply big.csv | head -3`) stops the writing, never the job:
/// `main` ignores `SIGPIPE`, so a write to a closed pipe fails with `EPIPE`, and from then on
/// this sink drops what it is given, silently, while the job goes on to finish its groups,
/// reports and credentials sheet and exits with its usual code.
public final class OutputSink: @unchecked Sendable {
    private let descriptor: Int32?
    private let lock = NSLock()
    private var buffer: [UInt8] = []
    private var closed = false
    /// Whether the sink is a terminal (progress lines and colour depend on it).
    public let isTerminal: Bool

    /// A sink that writes straight to a file descriptor.
    public init(fileDescriptor: Int32) {
        descriptor = fileDescriptor
        isTerminal = isatty(fileDescriptor) == 1
    }

    /// A sink that collects everything written, for tests.
    public init() {
        descriptor = nil
        isTerminal = false
    }

    /// Writes `text` as UTF-8.
    public func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    /// Writes raw bytes: all of them, retrying after interrupts and short writes. After the
    /// reader has gone (`EPIPE`) or on any other write error, the sink stops writing.
    public func write(bytes: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        guard let descriptor else {
            buffer.append(contentsOf: bytes)
            return
        }
        guard !closed else { return }
        bytes.withUnsafeBytes { raw in
            guard var base = raw.baseAddress else { return }
            var remaining = raw.count
            while remaining > 0 {
                let written = Foundation.write(descriptor, base, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    closed = true
                    return
                }
                remaining -= written
                base += written
            }
        }
    }

    /// Whether writing stopped because the reader went away or the descriptor failed.
    public var isClosed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return closed
    }

    /// Everything written so far, for a buffer sink (empty for a file-descriptor sink).
    public var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: buffer, as: UTF8.self)
    }
}
