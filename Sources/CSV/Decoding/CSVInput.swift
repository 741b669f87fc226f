import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where undecoded bytes come from: a file descriptor (a file, standard input, a pipe) or an
/// array in memory. Reads at most `chunkSize` bytes per call.
final class CSVInput {
    fileprivate enum Source {
        case descriptor(Int32, closeWhenDone: Bool)
        case memory([UInt8], position: Int)
    }

    fileprivate var source: Source
    /// Bytes per read.
    let chunkSize: Int
    /// The name for I/O error messages.
    let fileName: String

    /// Opens `path` for reading; `-` is standard input.
    /// - Throws: ``CSVError`` of kind `.io` when the file cannot be opened.
    init(path: String, chunkSize: Int, fileName: String) throws {
        self.chunkSize = max(1, chunkSize)
        self.fileName = fileName
        if path == "-" {
            source = .descriptor(STDIN_FILENO, closeWhenDone: false)
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw CSVError(kind: .io("cannot open: \(reason)"), fileName: fileName, position: CSVPosition())
        }
        source = .descriptor(fd, closeWhenDone: true)
    }

    /// Reads from an open file handle, which stays open.
    init(fileHandle: FileHandle, chunkSize: Int, fileName: String) {
        self.chunkSize = max(1, chunkSize)
        self.fileName = fileName
        source = .descriptor(fileHandle.fileDescriptor, closeWhenDone: false)
    }

    /// Reads from bytes in memory.
    init(bytes: [UInt8], chunkSize: Int, fileName: String) {
        self.chunkSize = max(1, chunkSize)
        self.fileName = fileName
        source = .memory(bytes, position: 0)
    }

    deinit {
        if case .descriptor(let fd, true) = source { close(fd) }
    }

    /// Appends up to ``chunkSize`` bytes to `buffer`.
    /// - Returns: the number of bytes appended; 0 at the end of the input.
    /// - Throws: ``CSVError`` of kind `.io` when the read fails.
    func read(appendingTo buffer: inout [UInt8]) throws -> Int {
        switch source {
        case .memory(let bytes, let position):
            let count = min(chunkSize, bytes.count - position)
            if count <= 0 { return 0 }
            buffer.append(contentsOf: bytes[position..<(position + count)])
            source = .memory(bytes, position: position + count)
            return count
        case .descriptor(let fd, _):
            let start = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: chunkSize))
            var got = 0
            while true {
                got = buffer.withUnsafeMutableBytes { raw in
                    systemRead(fd, raw.baseAddress.map { $0 + start }, chunkSize)
                }
                if got >= 0 || errno != EINTR { break }
            }
            buffer.removeLast(chunkSize - max(got, 0))
            guard got >= 0 else {
                let reason = String(cString: strerror(errno))
                throw CSVError(kind: .io("read failed: \(reason)"), fileName: fileName, position: CSVPosition())
            }
            return got
        }
    }
}

extension CSVInput {
    /// Reads up to ``chunkSize`` bytes (and at most `destination.count`) into `destination`.
    /// - Returns: the number of bytes read; 0 at the end of the input.
    /// - Throws: ``CSVError`` of kind `.io` when the read fails.
    func read(into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = min(chunkSize, destination.count)
        guard wanted > 0, let base = destination.baseAddress else { return 0 }
        switch source {
        case .memory(let bytes, let position):
            let count = min(wanted, bytes.count - position)
            if count <= 0 { return 0 }
            bytes.withUnsafeBytes { all in
                if let start = all.baseAddress { base.copyMemory(from: start + position, byteCount: count) }
            }
            source = .memory(bytes, position: position + count)
            return count
        case .descriptor(let fd, _):
            while true {
                let got = systemRead(fd, base, wanted)
                if got >= 0 { return got }
                if errno != EINTR {
                    let reason = String(cString: strerror(errno))
                    throw CSVError(kind: .io("read failed: \(reason)"), fileName: fileName, position: CSVPosition())
                }
            }
        }
    }
}

/// `read(2)`, named apart from ``CSVInput/read(appendingTo:)``.
private func systemRead(_ fd: Int32, _ pointer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, pointer, count)
}
