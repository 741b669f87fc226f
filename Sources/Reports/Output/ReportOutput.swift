import Foundation

/// Where a renderer writes its bytes: a file, an open descriptor, memory (tests), or a
/// closure (the CLI's standard output). Writes are buffered; ``close()`` flushes.
///
/// Not thread-safe: one renderer writes to one output.
public final class ReportOutput {
    private enum Target {
        case descriptor(Int32, owned: Bool)
        case memory
        case closure(([UInt8]) -> Void)
    }

    /// The name used in error messages (the path, or `-`).
    public let name: String
    private let target: Target
    private var pending: [UInt8] = []
    private var collected: [UInt8] = []
    private var isClosed = false
    private let flushThreshold = 64 * 1024

    private init(name: String, target: Target) {
        self.name = name
        self.target = target
        pending.reserveCapacity(flushThreshold)
    }

    /// Creates or truncates a report file (mode 0644 before the umask).
    /// - Throws: ``ReportError/cannotOpen(path:errno:)``.
    public static func file(atPath path: String) throws -> ReportOutput {
        let fd = try OutputFile.open(path: path, privateToOwner: false)
        return ReportOutput(name: path, target: .descriptor(fd, owned: true))
    }

    /// Creates or truncates a file that only its owner may read: mode 0600 from the moment
    /// it exists, and an existing file is set to 0600 before anything is written into it.
    /// - Parameter exclusive: only create: fail with `EEXIST` when anything is at `path`.
    /// - Throws: ``ReportError/cannotOpen(path:errno:)``, ``ReportError/notARegularFile(path:)``.
    public static func privateFile(atPath path: String, exclusive: Bool = false) throws -> ReportOutput {
        let fd = try OutputFile.open(path: path, privateToOwner: true, exclusive: exclusive)
        return ReportOutput(name: path, target: .descriptor(fd, owned: true))
    }

    /// Writes to an already open descriptor, which stays open after ``close()``.
    public static func fileDescriptor(_ fd: Int32, name: String) -> ReportOutput {
        ReportOutput(name: name, target: .descriptor(fd, owned: false))
    }

    /// Collects everything in memory; read it back with ``bytes``.
    public static func memory(name: String = "memory") -> ReportOutput {
        ReportOutput(name: name, target: .memory)
    }

    /// Hands each flushed chunk to `write`, e.g. the CLI's standard-output sink.
    public static func closure(name: String = "-", _ write: @escaping ([UInt8]) -> Void) -> ReportOutput {
        ReportOutput(name: name, target: .closure(write))
    }

    /// Everything written to a memory output so far, flushed or not.
    public var bytes: [UInt8] { collected + pending }

    /// Everything written to a memory output so far, as UTF-8 text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends text as UTF-8.
    /// - Throws: ``ReportError/ioFailed(path:errno:)`` when a flush fails.
    public func write(_ text: String) throws {
        // A bulk copy of the contiguous UTF-8; appending the view itself went byte by byte.
        var text = text
        text.withUTF8 { pending.append(contentsOf: $0) }
        if pending.count >= flushThreshold { try flush() }
    }

    /// Appends raw bytes.
    /// - Throws: ``ReportError/ioFailed(path:errno:)`` when a flush fails.
    public func write<Bytes: Sequence>(bytes: Bytes) throws where Bytes.Element == UInt8 {
        pending.append(contentsOf: bytes)
        if pending.count >= flushThreshold { try flush() }
    }

    /// Passes buffered bytes on to the target.
    /// - Throws: ``ReportError/ioFailed(path:errno:)``.
    public func flush() throws {
        guard !pending.isEmpty else { return }
        defer { pending.removeAll(keepingCapacity: true) }
        switch target {
        case .descriptor(let fd, _):
            try pending.withUnsafeBytes { try OutputFile.writeAll($0, to: fd, path: name) }
        case .memory:
            collected.append(contentsOf: pending)
        case .closure(let write):
            write(pending)
        }
    }

    /// Flushes, then asks the kernel to put a file's bytes on disk (`fsync(2)`), so that what
    /// was written survives the process being killed or the machine losing power.
    /// - Throws: ``ReportError/ioFailed(path:errno:)``.
    public func synchronize() throws {
        try flush()
        if case .descriptor(let fd, _) = target, !isClosed, fsync(fd) != 0, errno != EINVAL {
            // EINVAL: a pipe or terminal, which has nothing to sync.
            throw ReportError.ioFailed(path: name, errno: errno)
        }
    }

    /// Flushes, and closes the file when this output opened it. Further calls do nothing.
    /// - Throws: ``ReportError/ioFailed(path:errno:)``.
    public func close() throws {
        guard !isClosed else { return }
        isClosed = true
        var failure: Error?
        do { try flush() } catch { failure = error }
        if case .descriptor(let fd, owned: true) = target, Foundation.close(fd) != 0, failure == nil {
            failure = ReportError.ioFailed(path: name, errno: errno)
        }
        if let failure { throw failure }
    }

    deinit {
        if !isClosed, case .descriptor(let fd, owned: true) = target { _ = Foundation.close(fd) }
    }
}
