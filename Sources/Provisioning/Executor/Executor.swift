import Foundation

/// Applies planned users to a ``Directory`` in groups (one store transaction per group, each
/// user atomic inside it), issues temporary passwords at that moment, and streams outcomes and
/// credentials in input order.
///
/// Passwords are drawn from the injected ``RandomSource`` (the system CSPRNG in production)
/// only for sets about to be applied, and reach the ``CredentialSink`` only once the store has
/// committed the user.
public final class Executor {
    private let directory: Directory
    private let batchID: String
    private let role: OperatorRole
    private let operatorName: String
    private let now: Date
    private let random: RandomSource
    private let outcomes: OutcomeSink
    private let credentials: CredentialSink?
    private let batchSize: Int
    private let onRefused: (PlannedUser) -> Void
    private var pending: [(planned: PlannedUser, password: TemporaryPassword?)] = []
    private var pendingChanges = 0
    /// Users per final status so far.
    public private(set) var counts: [OutcomeStatus: Int] = [:]
    /// Users created so far.
    public private(set) var created = 0

    /// Creates an executor.
    /// - Parameters:
    ///   - batchSize: users per store transaction; larger groups commit less often (see
    ///     DESIGN.md's SQLite figures) at the cost of more work lost to a kill.
    ///   - onRefused: called for a planned user the store refused, to give its seats back.
    public init(directory: Directory, batchID: String, role: OperatorRole, operatorName: String, now: Date,
                random: RandomSource, outcomes: OutcomeSink, credentials: CredentialSink?, batchSize: Int = 5_000,
                onRefused: @escaping (PlannedUser) -> Void = { _ in }) {
        self.directory = directory
        self.batchID = batchID
        self.role = role
        self.operatorName = operatorName
        self.now = now
        self.random = random
        self.outcomes = outcomes
        self.credentials = credentials
        self.batchSize = max(1, batchSize)
        self.onRefused = onRefused
    }

    /// Queues one planned user; applies the group when it is full.
    /// - Parameter initialPassword: a password supplied by the input for a create.
    public func submit(_ planned: PlannedUser, initialPassword: TemporaryPassword? = nil) throws {
        pending.append((planned, initialPassword))
        if planned.hasChanges { pendingChanges += 1 }
        if pendingChanges >= batchSize || pending.count >= batchSize * 4 { try flush() }
    }

    /// Applies what is queued and emits its outcomes.
    public func flush() throws {
        guard !pending.isEmpty else { return }
        var sets: [UserChangeSet] = []
        var issued: [Int: TemporaryPassword] = [:]
        // Passwords of the group, formatted for the sheet before the commit, with the index
        // of the set (and so of the store's result) each belongs to.
        var candidates: [IssuedCredential] = [], owners: [Int] = []
        for (index, entry) in pending.enumerated() where entry.planned.hasChanges {
            let planned = entry.planned
            var password: TemporaryPassword?
            let steps: [UserChange] = planned.steps.map { step in
                switch step {
                case .create(let user):
                    let issuedPassword = entry.password ?? random.password()
                    password = issuedPassword
                    return .create(user, password: issuedPassword)
                case .resetPassword:
                    let issuedPassword = random.password()
                    password = issuedPassword
                    return .resetPassword(issuedPassword)
                case let .setAttributes(attributes, roles): return .setAttributes(attributes, roles: roles)
                case .assign(let license): return .assign(license)
                case .revoke(let partNumber): return .revoke(partNumber: partNumber)
                case .delete: return .delete
                case let .restore(name, keep): return .restore(userPrincipalName: name, keepLicenses: keep)
                }
            }
            if let password {
                issued[index] = password
                let outcome = planned.outcome
                candidates.append(IssuedCredential(customerID: outcome.customerID, userPrincipalName: outcome.userPrincipalName,
                                                   displayName: outcome.displayName ?? outcome.userPrincipalName,
                                                   password: password))
                owners.append(sets.count)
            }
            sets.append(UserChangeSet(customerID: planned.outcome.customerID, objectID: planned.objectID,
                                      userPrincipalName: planned.outcome.userPrincipalName,
                                      journalKey: planned.journalKey, steps: steps))
        }
        let prepared = candidates.isEmpty ? nil : try credentials?.prepare(candidates)
        let results = sets.isEmpty ? [] : try directory.apply(ChangeBatch(batchID: batchID, role: role,
                                                                          operatorName: operatorName, now: now, sets: sets))
        if let prepared, let credentials {
            // The store has committed these users: one write puts their passwords in the sheet.
            let kept = owners.indices.filter { owners[$0] < results.count && results[owners[$0]] == .applied }
            try credentials.deliver(prepared, keeping: kept)
        }
        var next = 0
        for entry in pending {
            var outcome = entry.planned.outcome
            if entry.planned.hasChanges {
                let result = next < results.count ? results[next] : .refused(Violation(.notFound, "the store returned no result"))
                next += 1
                switch result {
                case .applied:
                    outcome.status = .succeeded
                    if entry.planned.steps.contains(where: { if case .create = $0 { return true } else { return false } }) {
                        created += 1
                    }
                case .alreadyApplied:
                    outcome.status = .succeeded
                    // Applied by an earlier, interrupted run of this batch: its password (if
                    // any) went to that run's credentials sheet.
                    outcome.passwordIssued = false
                case .refused(let violation):
                    outcome.status = .failed
                    outcome.errors = [violation.placed(line: outcome.sources.first?.line, columns: [])]
                    outcome.added = []
                    outcome.removed = []
                    outcome.passwordIssued = false
                    onRefused(entry.planned)
                }
            }
            counts[outcome.status, default: 0] += 1
            try outcomes.add(outcome)
        }
        pending.removeAll(keepingCapacity: true)
        pendingChanges = 0
    }
}
