import Foundation
import Provisioning

/// The store's files on disk: the database and SQLite's `-wal` and `-shm` beside it. They hold
/// users' personal data and password hashes, so they are created owner-only (0600) and a
/// store open to others is reported (the CLI words the warning).
///
/// SQLite creates `-wal` and `-shm` with the database file's permission bits (it `fchmod`s
/// them to the database's mode, whatever the umask: `robust_open` in `os_unix.c`), so a 0600
/// database gets 0600 companions.
public enum StoreFiles {
    /// The owner-only mode of a store's files.
    public static let privateMode: mode_t = 0o600

    /// The suffixes of the files that make up a store.
    static let suffixes = ["", "-wal", "-shm"]

    /// One of the store's files with permission bits that let group or others read or write it.
    public struct Exposure: Hashable, Sendable {
        /// The file.
        public var path: String
        /// Its permission bits (`st_mode & 0o777`).
        public var mode: mode_t

        /// The mode as `chmod` writes it, e.g. `0644`.
        public var octal: String { "0" + String(mode, radix: 8) }
    }

    /// The store's files (database, `-wal`, `-shm`, those present) that group or others may
    /// read or write, in that order; empty when all are owner-only.
    public static func exposed(storePath: String) -> [Exposure] {
        suffixes.compactMap { suffix in
            var info = stat()
            guard stat(storePath + suffix, &info) == 0 else { return nil }
            let mode = info.st_mode & 0o777
            return mode & 0o077 != 0 ? Exposure(path: storePath + suffix, mode: mode) : nil
        }
    }

    /// Creates `path` as an empty regular file with mode 0600, whatever the umask, for SQLite
    /// to open as a new database (an empty file is an empty database).
    /// - Throws: ``Provisioning/StoreError/exists(store:)`` when something is already there;
    ///   ``Provisioning/StoreError/invalid(_:)`` naming the path and the system's reason otherwise.
    static func createPrivate(path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, privateMode)
        guard fd >= 0 else {
            if errno == EEXIST { throw StoreError.exists(store: path) }
            throw StoreError.invalid("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        // `open` applied the umask; set the mode itself.
        guard fchmod(fd, privateMode) == 0 else {
            throw StoreError.invalid("cannot set the mode of \(path): \(String(cString: strerror(errno)))")
        }
    }
}
