import Dispatch

/// One store call running on a thread of its own while the caller goes on (the executor's
/// overlapped groups): started at once, its result taken with ``wait()``.
///
/// The directory is not thread-safe; this is sound because the caller hands the directory
/// over for the call's duration: it starts at most one call at a time and touches the
/// directory again only after ``wait()`` returned, which orders everything the call did
/// before what the caller does next (the semaphore's signal and wait).
final class StoreCall: @unchecked Sendable {
    private let work: () throws -> [UserChangeResult]
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<[UserChangeResult], any Error>?
    /// Starts `work` on a thread of the global queue. (Not one serial queue for every call:
    /// calls of two jobs in one process, waiting on each other's SQLite write lock, would
    /// then wait for each other's turn too.)
    init(_ work: @escaping () throws -> [UserChangeResult]) {
        self.work = work
        DispatchQueue.global(qos: .userInitiated).async { self.run() }
    }

    private func run() {
        result = Result { try work() }
        done.signal()
    }

    /// Waits for the call and returns its result; later calls return the same result at once.
    func wait() -> Result<[UserChangeResult], any Error> {
        done.wait()
        done.signal() // for a later call
        return result ?? .success([])
    }
}
