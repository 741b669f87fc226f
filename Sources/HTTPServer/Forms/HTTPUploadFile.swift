import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file an upload is written to: created new (`O_EXCL`, `O_NOFOLLOW`, mode 0600) in the
/// folder the caller gave, under a name the server picks (`upload-` and 16 hex digits), never
/// one from the client. All file system calls of the form parsers are here.
struct HTTPUploadFile {
    let path: String
    private(set) var descriptor: Int32
    private(set) var size = 0

    /// Creates the file, trying a few fresh names should one exist.
    static func create(in folder: String, names: () -> UInt64) -> HTTPUploadFile? {
        for _ in 0..<8 {
            let hex = String(names(), radix: 16)
            let path = folder + "/upload-" + String(repeating: "0", count: 16 - hex.count) + hex
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if descriptor >= 0 {
                fchmod(descriptor, 0o600)
                return HTTPUploadFile(path: path, descriptor: descriptor)
            }
            if errno != EEXIST { return nil }
        }
        return nil
    }

    /// Appends `bytes`; false when the system refused (disk full, …).
    mutating func write(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard descriptor >= 0 else { return false }
        var done = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            while done < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress.map { $0 + done }, raw.count - done)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return false }
                done += written
            }
            return true
        }
        size += done
        return ok
    }

    /// Closes the file; false when the last writes failed to reach it.
    mutating func close() -> Bool {
        guard descriptor >= 0 else { return true }
        let result = Glibc.close(descriptor)
        descriptor = -1
        return result == 0
    }

    /// Closes and removes the file.
    mutating func remove() {
        _ = close()
        unlink(path)
    }

    /// Removes the file at `path` (a finished upload the caller no longer wants).
    static func remove(_ path: String) { unlink(path) }
}
