import Foundation
import Provisioning

/// Where a file job's credentials sheet goes when `--credentials` is not given: a private
/// folder next to the store (``StoreLocation/credentialFolder``), `<store>.credentials/` (for `./provision.sqlite`,
/// `./provision.sqlite.credentials/`), never the working directory, which a nightly job may
/// run from a shared folder.
///
/// The folder is created mode 0700 when missing. An existing one is used only when it is a
/// real directory (not a symbolic link) owned by the running user that neither group nor
/// others may enter, read or write; anything else refuses the run before it writes a thing.
struct CredentialFolder {
    /// The folder's mode.
    static let mode: mode_t = 0o700
    /// The folder.
    let path: String
    /// The other way out a refusal names (another option than this folder).
    private var alternative = "or name the sheet with --credentials FILE"

    /// The folder of the store at `location` (``StoreLocation/credentialFolder``).
    /// - Throws: ``CLIError/usage(_:)`` when the store has no place on this machine (a server
    ///   database): the sheet must then be named.
    init(for location: any StoreLocation) throws {
        guard let folder = location.credentialFolder else {
            throw CLIError.usage("the store \(location.displayName) is a server database with no folder on this machine "
                                 + "for credentials sheets; name the sheet with --credentials FILE")
        }
        path = folder
    }

    /// The folder at `path` (a queue worker's `--credentials-dir`).
    init(folder path: String) {
        self.path = path
        alternative = "or name another folder with --credentials-dir DIR"
    }

    /// The full path of the sheet `name` in the folder.
    func sheet(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    /// Refuses an existing folder that is not private to the running user; a missing one is fine
    /// (``create()`` makes it when the first password is issued).
    /// - Throws: ``CLIError/input(_:)`` naming the folder, what is wrong and the fix.
    func check() throws {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw CLIError.input("cannot use the credentials folder \(path): \(String(cString: strerror(errno)))")
        }
        let problem: String?
        if (info.st_mode & S_IFMT) != S_IFDIR {
            problem = "it is not a directory"
        } else if info.st_uid != geteuid() {
            problem = "it belongs to user id \(info.st_uid), not to you"
        } else if info.st_mode & 0o077 != 0 {
            problem = "it is mode 0\(String(info.st_mode & 0o777, radix: 8)), open to others; fix it with: chmod 700 \(path)"
        } else {
            problem = nil
        }
        if let problem {
            throw CLIError.input("refusing to put passwords in \(path): \(problem) "
                                 + "(\(alternative))")
        }
    }

    /// Creates the folder (mode 0700 whatever the umask) when missing, then checks it.
    /// - Throws: ``CLIError/input(_:)`` when it cannot be created or is not private.
    func create() throws {
        if mkdir(path, Self.mode) == 0 {
            // mkdir applied the umask; set the mode itself.
            guard chmod(path, Self.mode) == 0 else {
                throw CLIError.input("cannot set the mode of the credentials folder \(path): \(String(cString: strerror(errno)))")
            }
        } else if errno != EEXIST {
            throw CLIError.input("cannot create the credentials folder \(path): \(String(cString: strerror(errno)))")
        }
        try check()
    }
}
