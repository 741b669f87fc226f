import Foundation

/// Opens report files with the permissions decided at creation, never loosened later.
///
/// A credentials sheet must never be readable by others, not even for the instant between
/// creating and `chmod`-ing it, so the mode goes to `open(2)` itself; when the file already
/// exists (a re-run), `fchmod(2)` on the open descriptor tightens it before the first byte
/// is written, since `open` leaves an existing file's mode alone.
enum OutputFile {
    /// Mode for reports: readable by all, as the umask allows.
    static let sharedMode: mode_t = 0o644
    /// Mode for credentials: owner read/write only.
    static let privateMode: mode_t = 0o600

    /// Creates or truncates `path` for writing.
    /// - Parameters:
    ///   - path: the file.
    ///   - privateToOwner: whether the file must be mode 0600 whatever existed before.
    ///   - exclusive: create the file or fail with `EEXIST` (`O_EXCL`): never open what is
    ///     already there, not even through a symbolic link.
    /// - Returns: the open descriptor, which the caller closes.
    /// - Throws: ``ReportError/cannotOpen(path:errno:)``, ``ReportError/notARegularFile(path:)``.
    static func open(path: String, privateToOwner: Bool, exclusive: Bool = false) throws -> Int32 {
        let mode = privateToOwner ? privateMode : sharedMode
        var flags = O_WRONLY | O_CREAT | O_CLOEXEC
        if privateToOwner { flags |= O_NOFOLLOW }
        if exclusive { flags |= O_EXCL }
        let fd = path.withCString { Foundation.open($0, flags, mode) }
        guard fd >= 0 else { throw ReportError.cannotOpen(path: path, errno: errno) }
        do {
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw ReportError.cannotOpen(path: path, errno: errno) }
            let isRegular = (info.st_mode & S_IFMT) == S_IFREG
            if privateToOwner {
                // A private sheet goes only into a regular file we can lock down.
                guard isRegular else { throw ReportError.notARegularFile(path: path) }
                guard fchmod(fd, privateMode) == 0 else { throw ReportError.cannotOpen(path: path, errno: errno) }
            }
            // Truncate only after the mode is right, and never a device such as /dev/stdout.
            if isRegular, ftruncate(fd, 0) != 0 { throw ReportError.cannotOpen(path: path, errno: errno) }
        } catch {
            _ = Foundation.close(fd)
            throw error
        }
        return fd
    }

    /// Writes all of `bytes` to `fd`, retrying after interrupts and short writes.
    /// - Throws: ``ReportError/ioFailed(path:errno:)``.
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String) throws {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Foundation.write(fd, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw ReportError.ioFailed(path: path, errno: errno)
            }
            remaining -= written
            base += written
        }
    }
}
