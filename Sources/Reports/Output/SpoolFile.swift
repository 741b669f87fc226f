import Foundation

/// An anonymous temporary file: bytes written now, copied into an output later.
///
/// Renderers whose page puts totals before the rows (HTML, the mail message) spool the rows
/// here so that memory stays flat however many users there are. The file is unlinked as
/// soon as it is created, so nothing is left behind even if the process dies; it is mode
/// 0600 in case it ever holds a credentials sheet.
final class SpoolFile {
    private let fd: Int32
    private var pending: [UInt8] = []
    private var isClosed = false
    private let chunkSize = 64 * 1024
    private let name = "temporary spool file"

    /// Creates the file in `directory`.
    /// - Throws: ``ReportError/cannotOpen(path:errno:)``.
    init(directory: String) throws {
        var template = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast())
        template.append(contentsOf: Array("provision-spool-XXXXXX".utf8CString))
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw ReportError.cannotOpen(path: directory, errno: errno) }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = unlink(path)
        _ = fchmod(fd, OutputFile.privateMode)
        self.fd = fd
        pending.reserveCapacity(chunkSize)
    }

    /// Appends text as UTF-8.
    /// - Throws: ``ReportError/ioFailed(path:errno:)``.
    func write(_ text: String) throws {
        pending.append(contentsOf: text.utf8)
        if pending.count >= chunkSize { try flush() }
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        defer { pending.removeAll(keepingCapacity: true) }
        try pending.withUnsafeBytes { try OutputFile.writeAll($0, to: fd, path: name) }
    }

    /// Copies everything written so far into `output`, in chunks.
    /// - Throws: ``ReportError/ioFailed(path:errno:)``.
    func copy(into output: ReportOutput) throws {
        try flush()
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw ReportError.ioFailed(path: name, errno: errno) }
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunkSize) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReportError.ioFailed(path: name, errno: errno)
            }
            if count == 0 { break }
            try output.write(bytes: chunk[0..<count])
        }
        guard lseek(fd, 0, SEEK_END) >= 0 else { throw ReportError.ioFailed(path: name, errno: errno) }
    }

    /// Releases the file; its bytes are gone.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        _ = Foundation.close(fd)
    }

    deinit { close() }
}
