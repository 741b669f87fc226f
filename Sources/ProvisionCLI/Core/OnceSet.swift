import Foundation

/// Keys already acted on in one run, so that a warning is shown once however many times its
/// cause is met (a command opens the store several times, each one would warn).
final class OnceSet: @unchecked Sendable {
    private let lock = NSLock()
    private var seen = Set<String>()

    /// Whether `key` is new; it is not from then on.
    func first(_ key: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return seen.insert(key).inserted
    }
}
