import Foundation

/// Where a command writes text: the process's stdout/stderr, or a buffer in tests.
public final class OutputSink: @unchecked Sendable {
    private let handle: FileHandle?
    private var buffer: [UInt8] = []
    /// Whether the sink is a terminal (progress lines and colour depend on it).
    public let isTerminal: Bool

    /// A sink that writes straight to a file descriptor.
    public init(fileDescriptor: Int32) {
        handle = FileHandle(fileDescriptor: fileDescriptor, closeOnDealloc: false)
        isTerminal = isatty(fileDescriptor) == 1
    }

    /// A sink that collects everything written, for tests.
    public init() {
        handle = nil
        isTerminal = false
    }

    /// Writes `text` as UTF-8.
    public func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    /// Writes raw bytes.
    public func write(bytes: [UInt8]) {
        if let handle { handle.write(Data(bytes)) } else { buffer.append(contentsOf: bytes) }
    }

    /// Everything written so far, for a buffer sink (empty for a file-descriptor sink).
    public var text: String { String(decoding: buffer, as: UTF8.self) }
}
