import Foundation
import Provisioning
#if canImport(Glibc)
import Glibc
#endif

/// A customer's job lock: an exclusive `flock(2)` on `<store>.locks/<customer>.lock`.
///
/// The kernel drops a `flock` when the descriptor closes, including when the process dies, so
/// a killed job never leaves a stale lock behind. Locks belong to the open file description, so
/// two locks taken in one process also exclude each other. The holder's text is written into
/// the file while held, so a refused job can name who has it.
final class CustomerLock: DirectoryLock {
    private var descriptor: Int32
    private let lock = NSLock()

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        release()
    }

    /// The lock file of `customerID` next to the store at `storePath`. Characters outside
    /// `A-Z a-z 0-9 _ -` are percent-encoded, so no id can name another path.
    static func path(storePath: String, customerID: String) -> String {
        var name = ""
        for byte in customerID.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                name.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                name += String(format: "%%%02X", byte)
            }
        }
        return storePath + ".locks/" + name + ".lock"
    }

    /// Takes the lock, polling every 50 ms for up to `wait` seconds.
    /// - Throws: ``LockBusy`` with the holder's text when it stays taken; ``Provisioning/StoreError``
    ///   when the lock file cannot be created.
    static func acquire(storePath: String, customerID: String, holder: String, wait: TimeInterval) throws -> CustomerLock {
        let file = path(storePath: storePath, customerID: customerID)
        let directory = (file as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let descriptor = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError.invalid("cannot open lock file \(file): \(String(cString: strerror(errno)))")
        }
        let deadline = Date().addingTimeInterval(max(0, wait))
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw StoreError.invalid("cannot lock \(file): \(reason)")
            }
            if Date() >= deadline {
                // The holder writes its text just after taking the lock: a job refused in that
                // instant would name an "unknown holder", so give it a moment.
                var current = readHolder(descriptor)
                for _ in 0..<20 where current.isEmpty {
                    usleep(10_000)
                    current = readHolder(descriptor)
                }
                close(descriptor)
                throw LockBusy(customerID: customerID, holder: current.isEmpty ? "unknown holder" : current)
            }
            usleep(50_000)
        }
        ftruncate(descriptor, 0)
        let bytes = Array(describe(holder).utf8)
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return CustomerLock(descriptor: descriptor)
    }

    /// The holder's text as written into the lock file: the caller's words plus the process,
    /// the host and the time the lock was taken, so a refused job can say who to ask.
    static func describe(_ holder: String) -> String {
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, name.count - 1) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "unknown host"
        let since = ISO8601DateFormatter().string(from: Date())
        return "\(holder), pid \(getpid()) on \(host), since \(since)"
    }

    private static func readHolder(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return "" }
        return String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func release() {
        lock.lock()
        defer { lock.unlock() }
        guard descriptor >= 0 else { return }
        ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }
}
