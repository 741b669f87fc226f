import Foundation
@testable import Provisioning

/// A `Directory` held in memory for planner and executor tests: each change set is applied
/// to a copy of the state and kept only if the seat re-check passes, like the SQLite store.
final class InMemoryDirectory: Directory, JobLedger {
    var catalog: [Product]
    var rules: LicensingRules
    var customerList: [Customer]
    var seats: [String: [String: Int]]            // customer → part number → purchased
    var allUsers: [User] = []
    var counters: [String: Int64] = [:]
    var journal = Set<String>()
    /// When each journal key was applied: a purge drops those older than its cutoff, as the store does.
    var journaledAt: [String: Date] = [:]
    /// Batches whose run ended (`customer|batch`).
    var finishedBatches = Set<String>()
    var audit: [String] = []
    /// The current password of each user, by object id (a test double may keep the plain text;
    /// the SQLite store keeps a salted hash).
    var passwords: [String: String] = [:]
    /// Passwords committed and not yet marked delivered: `customer|batch|key` → object id.
    var undelivered: [String: String] = [:]
    var applyCalls = 0
    var heldLocks = Set<String>()
    /// Held by `apply` and the look-ups, which an overlapping job calls from two threads.
    private let lock = NSLock()
    /// `apply` throws ``SimulatedStoreFailure`` on this call (1-based), applying nothing.
    var failingApplyCall: Int?
    /// How long each `apply` takes at least (to catch a caller that does not wait for it).
    var applyDelay: TimeInterval = 0
    private var applying = false
    private let applyingLock = NSLock()
    /// Whether an `apply` is running now (readable from any thread while it runs).
    var isApplying: Bool { applyingLock.withLock { applying } }

    init(catalog: [Product], rules: LicensingRules, customers: [Customer], seats: [String: [String: Int]]) {
        self.catalog = catalog
        self.rules = rules
        self.customerList = customers
        self.seats = seats
    }

    func products() throws -> [Product] { catalog }
    func licensingRules() throws -> LicensingRules { rules }
    func customers() throws -> [Customer] { customerList }
    func changeCounter(customerID: String) throws -> Int64 { counters[customerID] ?? 0 }

    func seatUsage(customerID: String) throws -> [SeatUsage] { usage(customerID, allUsers) }

    private func usage(_ customerID: String, _ users: [User]) -> [SeatUsage] {
        var assigned: [String: Int] = [:]
        for user in users where user.customerID == customerID && !user.isDeleted {
            for license in user.licenses { assigned[license.partNumber, default: 0] += 1 }
        }
        let purchased = seats[customerID] ?? [:]
        return Set(purchased.keys).union(assigned.keys).sorted().map {
            SeatUsage(partNumber: $0, purchased: purchased[$0] ?? 0, assigned: assigned[$0] ?? 0)
        }
    }

    func users(customerID: String, principalNames: [String]) throws -> [User] {
        lock.lock()
        defer { lock.unlock() }
        let names = Set(principalNames.map { $0.lowercased() })
        return allUsers.filter { $0.customerID == customerID && names.contains($0.userPrincipalName.lowercased()) }
    }

    func users(customerID: String, objectIDs: [String]) throws -> [User] {
        lock.lock()
        defer { lock.unlock() }
        let ids = Set(objectIDs.map { $0.lowercased() })
        return allUsers.filter { $0.customerID == customerID && ids.contains($0.objectID) }
    }

    func listUsers(customerID: String, query: UserQuery) throws -> UserPage {
        let users = allUsers.filter { $0.customerID == customerID && !$0.isDeleted }
        return UserPage(users: users, total: users.count, page: 1, pageSize: users.count)
    }

    func apply(_ batch: ChangeBatch) throws -> [UserChangeResult] {
        lock.lock()
        applyingLock.withLock { applying = true }
        defer {
            applyingLock.withLock { applying = false }
            lock.unlock()
        }
        applyCalls += 1
        if applyDelay > 0 { Thread.sleep(forTimeInterval: applyDelay) }
        if applyCalls == failingApplyCall { throw SimulatedStoreFailure() }
        var results: [UserChangeResult] = []
        var touched = Set<String>()
        for set in batch.sets {
            let key = "\(set.customerID)|\(batch.batchID)|\(set.journalKey)"
            if set.kind == .reissue {
                results.append(reissue(set, key: key, batch: batch))
                if results.last == .applied { touched.insert(set.customerID) }
                continue
            }
            if journal.contains(key) { results.append(.alreadyApplied); continue }
            var users = allUsers
            var newPasswords = passwords
            var refusal: Violation?
            for step in set.steps {
                let index = users.firstIndex { $0.objectID == set.objectID }
                if index == nil, case .create = step {} else if index == nil {
                    // As the store: a change to a user it does not have (never created, or purged).
                    refusal = refusal ?? Violation(.notFound, "user '\(set.userPrincipalName)' does not exist")
                }
                switch step {
                case let .create(user, password):
                    if users.contains(where: { !$0.isDeleted && $0.customerID == user.customerID
                        && $0.userPrincipalName.lowercased() == user.userPrincipalName.lowercased() }) {
                        refusal = Violation(.uniquenessViolation, "taken")
                    }
                    users.append(user)
                    newPasswords[user.objectID] = password.reveal()
                case let .setAttributes(attributes, roles):
                    if let index { users[index].attributes = attributes; users[index].roles = roles }
                case .assign(let license):
                    if let index {
                        users[index].licenses.removeAll { $0.partNumber == license.partNumber }
                        users[index].licenses.append(license)
                    }
                case .revoke(let partNumber):
                    if let index { users[index].licenses.removeAll { $0.partNumber == partNumber } }
                case .delete:
                    if let index { users[index].deletedAt = batch.now }
                case let .restore(name, keep):
                    if let index {
                        users[index].deletedAt = nil
                        users[index].userPrincipalName = name
                        users[index].licenses.removeAll { !keep.contains($0.partNumber) }
                    }
                case .resetPassword(let password):
                    if let index {
                        users[index].mustChangePassword = true
                        newPasswords[set.objectID] = password.reveal()
                    }
                }
            }
            if refusal == nil, let over = usage(set.customerID, users).first(where: { $0.assigned > $0.purchased }) {
                refusal = Violation(.countViolation, "no seat of \(over.partNumber)")
            }
            if let refusal {
                results.append(.refused(refusal))
            } else {
                allUsers = users
                passwords = newPasswords
                journal.insert(key)
                journaledAt[key] = batch.now
                if batch.deliversCredentials && set.issuesPassword { undelivered[key] = set.objectID }
                audit.append("\(batch.batchID) \(set.userPrincipalName)")
                touched.insert(set.customerID)
                results.append(.applied)
            }
        }
        for customer in touched { counters[customer, default: 0] += 1 }
        return results
    }

    /// A `.reissue` set: a new password for a user whose password is still undelivered.
    private func reissue(_ set: UserChangeSet, key: String, batch: ChangeBatch) -> UserChangeResult {
        guard let objectID = undelivered[key] else { return .alreadyApplied }
        guard objectID == set.objectID, set.steps.count == 1, case .resetPassword(let password) = set.steps[0] else {
            return .refused(Violation(.invalidInput, "not a reissue of this user's password"))
        }
        guard let index = allUsers.firstIndex(where: { $0.objectID == objectID }), !allUsers[index].isDeleted else {
            return .refused(Violation(.notFound, "user '\(set.userPrincipalName)' does not exist or is deleted"))
        }
        allUsers[index].mustChangePassword = true
        passwords[objectID] = password.reveal()
        audit.append("\(batch.batchID) \(set.userPrincipalName) reissued")
        return .applied
    }

    func undeliveredCredentials(customerID: String, batchID: String) throws -> [UndeliveredCredential] {
        undelivered.keys.sorted().compactMap { key in
            let parts = key.split(separator: "|", maxSplits: 2).map(String.init)
            guard parts.count == 3, parts[0] == customerID, parts[1] == batchID, let objectID = undelivered[key] else {
                return nil
            }
            let user = allUsers.first { $0.objectID == objectID }
            return UndeliveredCredential(customerID: customerID, batchID: batchID, journalKey: parts[2],
                                         objectID: objectID, userPrincipalName: user?.userPrincipalName,
                                         displayName: user?.attributes.displayName)
        }
    }

    func markCredentialsDelivered(batchID: String, entries: [JournalEntry]) throws {
        for entry in entries { undelivered["\(entry.customerID)|\(batchID)|\(entry.journalKey)"] = nil }
    }

    func purge(customerID: String, deletedBefore cutoff: Date, role: OperatorRole, operatorName: String,
               batchID: String, now: Date) throws -> Int {
        let before = allUsers.count
        allUsers.removeAll { $0.customerID == customerID && ($0.deletedAt.map { $0 < cutoff } ?? false) }
        // Journal entries older than the cutoff go, and the undelivered marks with them.
        for (key, at) in journaledAt where at < cutoff && key.hasPrefix("\(customerID)|") {
            journal.remove(key)
            journaledAt[key] = nil
            undelivered[key] = nil
        }
        return before - allUsers.count
    }

    final class Lock: DirectoryLock {
        let release_: () -> Void
        init(_ release: @escaping () -> Void) { release_ = release }
        func release() { release_() }
    }

    func lock(customerID: String, holder: String, wait: TimeInterval) throws -> DirectoryLock {
        if heldLocks.contains(customerID) { throw LockBusy(customerID: customerID, holder: "test holder") }
        heldLocks.insert(customerID)
        return Lock { [weak self] in self?.heldLocks.remove(customerID) }
    }

    func journaledKeys(customerID: String, batchID: String) throws -> Set<String> {
        Set(journal.filter { $0.hasPrefix("\(customerID)|\(batchID)|") }.map { String($0.split(separator: "|").last ?? "") })
    }

    func finishBatch(customerIDs: [String], batchID: String, now: Date) throws {
        for customerID in customerIDs { finishedBatches.insert("\(customerID)|\(batchID)") }
    }

    func isBatchFinished(customerID: String, batchID: String) throws -> Bool {
        finishedBatches.contains("\(customerID)|\(batchID)")
    }
}

/// A deterministic generator for tests (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Thrown by a ``CollectingSink`` told to die: a job killed after a group was committed.
struct SimulatedKill: Error {}

/// The store failing (a full disk, say) inside `apply`.
struct SimulatedStoreFailure: Error {}

/// Collects outcomes and credentials in memory.
final class CollectingSink: OutcomeSink, CredentialSink {
    var header: RunHeader?
    var outcomes: [UserOutcome] = []
    var summary: RunSummary?
    var credentials: [IssuedCredential] = []
    /// Throws ``SimulatedKill`` when this many outcomes have arrived (the executor reports a
    /// group only after the store committed it, so the job dies with that group applied).
    var killAfter: Int?
    /// Throws ``SimulatedKill`` instead of writing the passwords of this delivery (1-based): a
    /// job killed after the store committed a group and before the sheet was written.
    var killAtDelivery: Int?
    private var deliveries = 0
    func begin(_ header: RunHeader) throws { self.header = header }
    func add(_ outcome: UserOutcome) throws {
        outcomes.append(outcome)
        if let killAfter, outcomes.count >= killAfter { throw SimulatedKill() }
    }
    func finish(_ summary: RunSummary) throws { self.summary = summary }
    func add(_ credential: IssuedCredential) throws { credentials.append(credential) }
    func deliver(_ prepared: PreparedCredentials, keeping kept: [Int]) throws {
        deliveries += 1
        if let killAtDelivery, deliveries == killAtDelivery { throw SimulatedKill() }
        for index in kept where prepared.credentials.indices.contains(index) { try add(prepared.credentials[index]) }
    }
    func finish() throws {}
}
