import Foundation

/// Failed logins in a sliding window, per sign-in name and per client address.
///
/// Only the last `limit` failure times of each key are kept (older ones cannot decide
/// anything), and at most ``ThrottleLimits/maximumTracked`` keys of each kind, so a flood of
/// made-up names costs bounded memory. Not thread-safe: ``SessionManager`` holds it under its lock.
struct LoginThrottle {
    let limits: ThrottleLimits
    private var names: [String: [Date]] = [:]
    private var addresses: [String: [Date]] = [:]

    init(limits: ThrottleLimits) { self.limits = limits }

    /// How long until another attempt for `name` from `address` is allowed, or `nil` when it
    /// is allowed now.
    func retryAfter(name: String, address: String, now: Date) -> TimeInterval? {
        let waits = [Self.wait(names[Self.key(name)], limit: limits.perName, window: limits.window, now: now),
                     Self.wait(addresses[address], limit: limits.perAddress, window: limits.window, now: now)]
        return waits.compactMap { $0 }.max()
    }

    /// Starts an attempt: `nil` and the attempt counted as a failure when it is allowed, else
    /// how long to wait (nothing counted). Checking and counting in one step, under the
    /// manager's lock, keeps many simultaneous attempts from all passing a check made before
    /// any of them failed; ``succeeded(name:address:at:)`` takes the count back.
    mutating func begin(name: String, address: String, now: Date) -> TimeInterval? {
        if let wait = retryAfter(name: name, address: address, now: now) { return wait }
        recordFailure(name: name, address: address, now: now)
        return nil
    }

    /// Counts a failed login.
    mutating func recordFailure(name: String, address: String, now: Date) {
        Self.append(now, to: &names, key: Self.key(name), limit: limits.perName, limits: limits)
        Self.append(now, to: &addresses, key: address, limit: limits.perAddress, limits: limits)
    }

    /// After a successful login begun at `start`: forgets the name's failures, and takes back
    /// the address's count of this attempt (its earlier failures stay: an attacker holding
    /// one account must not reset the count of the address they try others from).
    mutating func succeeded(name: String, address: String, at start: Date) {
        names[Self.key(name)] = nil
        if let index = addresses[address]?.lastIndex(of: start) { addresses[address]?.remove(at: index) }
        if addresses[address]?.isEmpty == true { addresses[address] = nil }
    }

    /// How many names and addresses are remembered (for tests of the bound).
    var tracked: (names: Int, addresses: Int) { (names.count, addresses.count) }

    /// A name's key: lower-cased, and cut to 128 characters, so a huge made-up name costs no
    /// more memory than a real one (real names have at most 64).
    private static func key(_ name: String) -> String { String(name.prefix(128)).lowercased() }

    private static func wait(_ failures: [Date]?, limit: Int, window: TimeInterval, now: Date) -> TimeInterval? {
        guard let failures, failures.count >= limit, limit > 0 else { return nil }
        // The attempt is allowed once the oldest of the last `limit` failures leaves the window.
        let oldest = failures[failures.count - limit]
        let wait = oldest.addingTimeInterval(window).timeIntervalSince(now)
        return wait > 0 ? wait : nil
    }

    private static func append(_ now: Date, to table: inout [String: [Date]], key: String, limit: Int,
                               limits: ThrottleLimits) {
        var failures = (table[key] ?? []).filter { now.timeIntervalSince($0) < limits.window }
        failures.append(now)
        if failures.count > max(1, limit) { failures.removeFirst(failures.count - max(1, limit)) }
        table[key] = failures
        guard table.count > limits.maximumTracked else { return }
        table = table.filter { now.timeIntervalSince($0.value.last ?? now) < limits.window }
        if table.count > limits.maximumTracked {
            let stalest = table.sorted { ($0.value.last ?? now) < ($1.value.last ?? now) }
            for (dropped, _) in stalest.prefix(table.count - limits.maximumTracked) { table[dropped] = nil }
        }
    }
}
