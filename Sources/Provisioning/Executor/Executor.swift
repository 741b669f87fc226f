import Foundation

/// Applies planned users to a ``Directory`` in groups (one store transaction per group, each
/// user atomic inside it), issues temporary passwords at that moment, and streams outcomes and
/// credentials in input order.
///
/// Passwords are drawn from the injected ``RandomSource`` (the system CSPRNG in production)
/// only for sets about to be applied, and reach the ``CredentialSink`` only once the store has
/// committed the user. With a sink, the store keeps each committed password marked undelivered
/// until the sheet's write returned (``JobLedger/markCredentialsDelivered(batchID:entries:)``),
/// and a resumed run issues the users still marked a new one (see UndeliveredCredential.swift).
///
/// When overlapping, a full group goes to the store on a thread of its own (``StoreCall``)
/// while the caller plans the next one; its passwords are delivered and its outcomes emitted
/// when the next group is full (or at ``flush()``), in input order as ever. The caller must
/// then leave the directory alone until ``flush()`` or ``settle()`` returns.
public final class Executor {
    /// One queued user: its plan, a password the input supplied, and the undelivered password
    /// of an interrupted run to issue again.
    private struct Entry {
        var planned: PlannedUser
        var password: TemporaryPassword?
        var reissue: UndeliveredCredential?

        /// Whether the entry makes a change set.
        var changes: Bool { planned.hasChanges || reissue != nil }
    }

    /// A group handed to the store: its entries, their change sets, and the prepared
    /// credentials with the index of the set each belongs to.
    private struct Group {
        var entries: [Entry]
        var sets: [UserChangeSet]
        var prepared: PreparedCredentials?
        var owners: [Int]
    }

    private let directory: any Directory & JobLedger
    private let batchID: String
    private let role: OperatorRole
    private let operatorName: String
    private let now: Date
    private let random: RandomSource
    private let outcomes: OutcomeSink
    private let credentials: CredentialSink?
    private let batchSize: Int
    private let onRefused: (PlannedUser) -> Void
    private let overlapping: Bool
    private var pending: [Entry] = []
    private var pendingChanges = 0
    /// The group the store is applying on its own thread, when overlapping.
    private var inFlight: (group: Group, call: StoreCall)?
    /// Users per final status so far.
    public private(set) var counts: [OutcomeStatus: Int] = [:]
    /// Users created so far.
    public private(set) var created = 0

    /// Creates an executor.
    /// - Parameters:
    ///   - batchSize: users per store transaction; larger groups commit less often (see
    ///     DESIGN.md's SQLite figures) at the cost of more work lost to a kill.
    ///   - overlapping: apply each full group on a thread of its own while the caller goes on
    ///     (see above); the caller must not use `directory` meanwhile.
    ///   - onRefused: called for a planned user the store refused, to give its seats back.
    public init(directory: any Directory & JobLedger, batchID: String, role: OperatorRole, operatorName: String, now: Date,
                random: RandomSource, outcomes: OutcomeSink, credentials: CredentialSink?, batchSize: Int = JobOptions.defaultBatchSize,
                overlapping: Bool = false, onRefused: @escaping (PlannedUser) -> Void = { _ in }) {
        self.directory = directory
        self.batchID = batchID
        self.role = role
        self.operatorName = operatorName
        self.now = now
        self.random = random
        self.outcomes = outcomes
        self.credentials = credentials
        self.batchSize = max(1, batchSize)
        self.overlapping = overlapping
        self.onRefused = onRefused
    }

    deinit { settle() }

    /// Queues one planned user; applies the group when it is full.
    /// - Parameters:
    ///   - initialPassword: a password supplied by the input for a create.
    ///   - reissue: for a row an interrupted run of this batch applied (settled, no steps), the
    ///     password it issued that never reached a sheet: the user gets a new one.
    public func submit(_ planned: PlannedUser, initialPassword: TemporaryPassword? = nil,
                       reissue: UndeliveredCredential? = nil) throws {
        let entry = Entry(planned: planned, password: initialPassword, reissue: reissue)
        pending.append(entry)
        if entry.changes { pendingChanges += 1 }
        if pendingChanges >= batchSize || pending.count >= batchSize * 4 { try dispatch(overlapping: overlapping) }
    }

    /// Applies what is queued and emits its outcomes (and those of a group still in flight).
    public func flush() throws {
        try dispatch(overlapping: false)
    }

    /// Waits for a group still in flight, without emitting its outcomes: for a caller that
    /// stops on an error, so that the directory is idle when it goes on. The group's passwords
    /// stay marked undelivered, as after a kill, for a resumed run to issue again.
    public func settle() {
        _ = inFlight?.call.wait()
        inFlight = nil
    }

    /// Hands the queued entries to the store: on a thread of its own (after completing the
    /// group in flight) or here, completing it at once.
    private func dispatch(overlapping: Bool) throws {
        let group = pending.isEmpty ? nil : try makeGroup()
        // The group holds the queue's buffer now: a new one, not a copy as large
        // (`removeAll(keepingCapacity:)` of a shared buffer allocates its capacity again).
        pending = []
        pending.reserveCapacity(batchSize)
        pendingChanges = 0
        // The group in flight is delivered first (the directory is free again), the new group
        // started, and only then the earlier group's outcomes emitted.
        let previous = try finishInFlight()
        if let group, overlapping { inFlight = (group, start(group)) }
        if let previous { try emit(previous.group, results: previous.results) }
        if let group, !overlapping {
            let results = try Self.apply(batch(group), to: directory)
            try deliver(group, results: results)
            try emit(group, results: results)
        }
    }

    /// Waits for the group in flight, if any, and delivers its passwords.
    private func finishInFlight() throws -> (group: Group, results: [UserChangeResult])? {
        guard let (group, call) = inFlight else { return nil }
        inFlight = nil
        let results = try call.wait().get()
        try deliver(group, results: results)
        return (group, results)
    }

    /// The store's results for a batch (none for a batch without sets).
    private static func apply(_ batch: ChangeBatch, to directory: Directory) throws -> [UserChangeResult] {
        batch.sets.isEmpty ? [] : try directory.apply(batch)
    }

    /// The change sets of the queued entries, with their passwords drawn and formatted.
    private func makeGroup() throws -> Group {
        var sets: [UserChangeSet] = []
        // Passwords of the group, formatted for the sheet before the commit, with the index
        // of the set (and so of the store's result) each belongs to.
        var candidates: [IssuedCredential] = [], owners: [Int] = []
        for entry in pending where entry.changes {
            let set = changeSet(entry)
            if let password = set.password {
                candidates.append(credential(entry, password: password))
                owners.append(sets.count)
            }
            sets.append(set.set)
        }
        let prepared = candidates.isEmpty ? nil : try credentials?.prepare(candidates)
        return Group(entries: pending, sets: sets, prepared: prepared, owners: owners)
    }

    /// The store's batch of the group's change sets.
    private func batch(_ group: Group) -> ChangeBatch {
        ChangeBatch(batchID: batchID, role: role, operatorName: operatorName, now: now, sets: group.sets,
                    deliversCredentials: credentials != nil)
    }

    /// Starts the store's work on the group on a thread of its own.
    private func start(_ group: Group) -> StoreCall {
        let directory = self.directory, batch = batch(group)
        return StoreCall { try Self.apply(batch, to: directory) }
    }

    /// Puts the passwords of the users the store committed in the sheet, then marks them delivered.
    private func deliver(_ group: Group, results: [UserChangeResult]) throws {
        guard let prepared = group.prepared, let credentials else { return }
        let sets = group.sets, owners = group.owners
        // The store has committed these users: one write puts their passwords in the sheet.
        let kept = owners.indices.filter { owners[$0] < results.count && results[owners[$0]] == .applied }
        try credentials.deliver(prepared, keeping: kept)
        // Only now are they delivered; a kill before this leaves them to the next run.
        let delivered = owners.filter { owner in
            guard owner < results.count else { return false }
            switch results[owner] {
            case .applied: return true
            case .refused: return sets[owner].kind == .reissue // the user is gone: nothing to deliver
            case .alreadyApplied: return false
            }
        }
        if !delivered.isEmpty {
            try directory.markCredentialsDelivered(
                batchID: batchID,
                entries: delivered.map { JournalEntry(customerID: sets[$0].customerID, journalKey: sets[$0].journalKey) })
        }
    }

    /// Emits the outcomes of the group's entries, in input order.
    private func emit(_ group: Group, results: [UserChangeResult]) throws {
        var next = 0
        for entry in group.entries {
            var outcome = entry.planned.outcome
            if entry.changes {
                let result = next < results.count ? results[next] : .refused(Violation(.notFound, "the store returned no result"))
                next += 1
                if entry.reissue != nil {
                    Self.record(reissue: result, in: &outcome)
                } else {
                    record(result, of: entry.planned, in: &outcome)
                }
            }
            counts[outcome.status, default: 0] += 1
            try outcomes.add(outcome)
        }
    }

    /// The change set of a queued entry, with the password it issues (drawn now).
    private func changeSet(_ entry: Entry) -> (set: UserChangeSet, password: TemporaryPassword?) {
        let planned = entry.planned
        if let reissue = entry.reissue {
            let password = random.password()
            let set = UserChangeSet(customerID: reissue.customerID, objectID: reissue.objectID,
                                    userPrincipalName: reissue.userPrincipalName ?? planned.outcome.userPrincipalName,
                                    journalKey: reissue.journalKey, steps: [.resetPassword(password)], kind: .reissue)
            return (set, password)
        }
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
        let set = UserChangeSet(customerID: planned.outcome.customerID, objectID: planned.objectID,
                                userPrincipalName: planned.outcome.userPrincipalName,
                                journalKey: planned.journalKey, steps: steps)
        return (set, password)
    }

    /// The sheet's row for the password of a queued entry.
    private func credential(_ entry: Entry, password: TemporaryPassword) -> IssuedCredential {
        let outcome = entry.planned.outcome
        let name = entry.reissue?.userPrincipalName ?? outcome.userPrincipalName
        let displayName = entry.reissue?.displayName ?? outcome.displayName ?? name
        return IssuedCredential(customerID: entry.reissue?.customerID ?? outcome.customerID, userPrincipalName: name,
                                displayName: displayName, password: password)
    }

    /// The outcome of a planned user's change set.
    private func record(_ result: UserChangeResult, of planned: PlannedUser, in outcome: inout UserOutcome) {
        switch result {
        case .applied:
            outcome.status = .succeeded
            if planned.steps.contains(where: { if case .create = $0 { return true } else { return false } }) {
                created += 1
            }
        case .alreadyApplied:
            outcome.status = .succeeded
            // Applied by an earlier, interrupted run of this batch: its password (if any) went
            // to that run's credentials sheet, or is issued again (`reissue`).
            outcome.passwordIssued = false
        case .refused(let violation):
            outcome.status = .failed
            outcome.errors = [violation.placed(line: outcome.sources.first?.line, columns: [])]
            outcome.added = []
            outcome.removed = []
            outcome.rolesAdded = []
            outcome.rolesRemoved = []
            outcome.passwordIssued = false
            onRefused(planned)
        }
    }

    /// The outcome of a row an interrupted run applied, whose password this run issued again.
    /// The row itself stays as settled (succeeded); a refusal is a warning on it.
    private static func record(reissue result: UserChangeResult, in outcome: inout UserOutcome) {
        switch result {
        case .applied:
            outcome.passwordIssued = true
            outcome.passwordReissue = .undelivered
        case .alreadyApplied:
            break
        case .refused(let violation):
            outcome.errors.append(Violation(
                violation.code,
                "the temporary password the interrupted run issued was never delivered, and a new one cannot be issued: "
                    + violation.message,
                fix: "reset the user's password (provision users reset-password) once the user is active",
                line: outcome.sources.first.flatMap { $0.line > 0 ? $0.line : nil }))
        }
    }
}
