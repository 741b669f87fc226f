import Foundation

/// A whole run: for each customer in turn, take its lock, plan the requests in file order
/// (reading the directory a chunk at a time), and apply them, or only preview them, streaming
/// outcomes to the report and new passwords to the credentials sheet.
///
/// Given a second handle on the same store for look-ups (`lookups`), each group of users is
/// applied on a thread of its own while the next is planned (see ``Executor``): on two cores
/// the store's writes and the planning, reports and credentials take turns no more.
public final class Job {
    private let directory: Directory
    /// Where the planner looks users up: `lookups`, else `directory`.
    private let reader: Directory
    private let overlapping: Bool
    private let options: JobOptions
    private let random: RandomSource
    /// Called with the number of requests handled so far (for progress output).
    public var progress: (Int) -> Void = { _ in }
    private var handled = 0

    /// Creates a job.
    /// - Parameter lookups: where the planner looks users up while a group is applied on a
    ///   thread of its own: another connection on the same store as `directory`, or a
    ///   directory that is safe to read while it applies. Without it, groups are applied in
    ///   turn with planning.
    public init(directory: Directory, options: JobOptions, random: RandomSource, lookups: Directory? = nil) {
        self.directory = directory
        self.reader = lookups ?? directory
        self.overlapping = lookups != nil
        self.options = options
        self.random = random
    }

    /// Plans, and unless previewing applies, the requests of `openRequests()`.
    ///
    /// - Parameters:
    ///   - defaultCustomerID: `--customer`; rows without a `Customer` value belong to it.
    ///   - openRequests: opens the input from the start; called once per pass (customers,
    ///     all-or-nothing checks), so it must return the same requests each time.
    ///   - planWriter: when given (`plan --out`), every planned user is saved there.
    /// - Returns: the run's summary (also given to `outcomes.finish`).
    /// - Throws: ``JobError`` for an unknown `--customer`, ``LockBusy``, input errors.
    public func run(defaultCustomerID: String?, input: String, batchID: String,
                    openRequests: () throws -> any RequestSource, outcomes: OutcomeSink,
                    credentials: CredentialSink?, planWriter: PlanWriter? = nil) throws -> RunSummary {
        let known = try directory.customers()
        try Self.check(defaultCustomerID, known: known)
        let customerIDs = try customersIn(openRequests(), defaultCustomerID: defaultCustomerID)
        let knownIDs = customerIDs.compactMap { id in known.contains { $0.id == id } ? id : nil }
        let batchID = options.preview ? batchID : try runBatchID(batchID, customerIDs: knownIDs)
        try outcomes.begin(RunHeader(batchID: batchID, input: input, role: options.role, preview: options.preview,
                                     startedAt: options.now, inputSummary: options.inputSummary))
        var counts: [OutcomeStatus: Int] = [:], created = 0, products: [ProductTotals] = []
        // --all-or-nothing spans the whole input: one failing row anywhere, in any customer,
        // (including rows naming no or an unknown customer) skips everything.
        var skipAll = false
        if options.allOrNothing && !options.preview {
            for id in customerIDs {
                guard let id, let customer = known.first(where: { $0.id == id }) else { skipAll = true; break }
                if try failures(customer, defaultCustomerID: defaultCustomerID, openRequests: openRequests) > 0 {
                    skipAll = true
                    break
                }
            }
        }
        for id in customerIDs {
            guard let id, let customer = known.first(where: { $0.id == id }) else {
                // Rows naming no customer, or one that does not exist, fail one by one.
                try failRows(customerID: id, openRequests(), defaultCustomerID: defaultCustomerID, outcomes: outcomes,
                             counts: &counts)
                continue
            }
            let lock = options.preview || skipAll ? nil
                : try directory.lock(customerID: id, holder: "batch \(batchID), \(options.operatorName)", wait: options.lockWait)
            defer { lock?.release() }
            let result = try runCustomer(customer, skipAll: skipAll, defaultCustomerID: defaultCustomerID, batchID: batchID,
                                         openRequests: openRequests, outcomes: outcomes, credentials: credentials,
                                         planWriter: planWriter)
            for (status, count) in result.counts { counts[status, default: 0] += count }
            created += result.created
            products += result.products
        }
        let summary = RunSummary(counts: counts, created: created, products: products, finishedAt: options.now)
        try outcomes.finish(summary)
        try credentials?.finish()
        // Last: a run killed before this point is resumed by running it again, not redone.
        if !options.preview && !knownIDs.isEmpty {
            try directory.finishBatch(customerIDs: knownIDs, batchID: batchID, now: options.now)
        }
        return summary
    }

    /// Refuses a `--customer` the directory does not have, as ``run(defaultCustomerID:input:batchID:openRequests:outcomes:credentials:planWriter:)``
    /// does: for a caller that checks before it creates its reports' files.
    /// - Throws: ``JobError/unknownCustomer(_:known:)``.
    public func checkCustomer(_ defaultCustomerID: String?) throws {
        try Self.check(defaultCustomerID, known: directory.customers())
    }

    private static func check(_ defaultCustomerID: String?, known: [Customer]) throws {
        if let id = defaultCustomerID, !known.contains(where: { $0.id == id }) {
            throw JobError.unknownCustomer(id, known: known.map(\.id))
        }
    }

    /// The batch id a run of `base` uses: `base` itself unless a run of it already finished
    /// for one of the customers (a first run, or the resumption of a killed one), else the
    /// first of `base-2`, `base-3`, … not finished. So a deliberate re-run of the same input
    /// is a new batch: its journal cannot hide a change the directory needs again (a license
    /// removed by hand since, a password to reset once more).
    private func runBatchID(_ base: String, customerIDs: [String]) throws -> String {
        var candidate = base, generation = 1
        while try customerIDs.contains(where: { try directory.isBatchFinished(customerID: $0, batchID: candidate) }) {
            generation += 1
            candidate = "\(base)-\(generation)"
        }
        return candidate
    }

    /// Where an interrupted run of `batchID` stopped for the customer (see ``ResumePoint``):
    /// the position of the last journaled row among the customer's rows.
    private func resumePoint(_ customerID: String, batchID: String, defaultCustomerID: String?,
                             openRequests: () throws -> any RequestSource) throws -> ResumePoint {
        let journaled = try directory.journaledKeys(customerID: customerID, batchID: batchID)
        guard !journaled.isEmpty else { return .none }
        let undelivered = try directory.undeliveredCredentials(customerID: customerID, batchID: batchID)
        var source = try openRequests()
        var index = 0, last = -1
        while let request = try source.next() {
            guard (request.customerID ?? defaultCustomerID) == customerID else { continue }
            if journaled.contains(request.journalKey) { last = index }
            index += 1
        }
        return ResumePoint(journaled: journaled, lastIndex: last,
                           undelivered: Dictionary(undelivered.map { ($0.journalKey, $0) }, uniquingKeysWith: { $1 }))
    }

    /// The change counters of the customers a run would touch (for a saved plan's header).
    public func changeCounters(defaultCustomerID: String?, openRequests: () throws -> any RequestSource) throws -> [PlannedCustomer] {
        let known = Set(try directory.customers().map(\.id))
        return try customersIn(openRequests(), defaultCustomerID: defaultCustomerID).compactMap { id in
            guard let id, known.contains(id) else { return nil }
            return PlannedCustomer(id: id, changeCounter: try directory.changeCounter(customerID: id))
        }
    }

    private struct CustomerResult {
        var counts: [OutcomeStatus: Int] = [:]
        var created = 0
        var products: [ProductTotals] = []
    }

    private func runCustomer(_ customer: Customer, skipAll: Bool, defaultCustomerID: String?, batchID: String,
                             openRequests: () throws -> any RequestSource, outcomes: OutcomeSink,
                             credentials: CredentialSink?, planWriter: PlanWriter?) throws -> CustomerResult {
        let makePlanner = try plannerFactory(customer)
        var result = CustomerResult()
        if skipAll {
            let planner = makePlanner()
            try forEachPlanned(openRequests(), customer: customer.id, defaultCustomerID: defaultCustomerID,
                               planner: planner, countProgress: true) { planned, _ in
                var outcome = planned.outcome
                if outcome.status == .planned {
                    // Not attempted: nothing was added, removed, changed or issued.
                    outcome.status = .skipped
                    outcome.added = []
                    outcome.removed = []
                    outcome.changedAttributes = []
                    outcome.passwordIssued = false
                }
                result.counts[outcome.status, default: 0] += 1
                try outcomes.add(outcome)
            }
            result.products = planner.totals().map { total in
                var total = total
                total.assignedAfter = total.assignedBefore
                return total
            }
            return result
        }
        let planner = makePlanner()
        if options.preview {
            try forEachPlanned(openRequests(), customer: customer.id, defaultCustomerID: defaultCustomerID,
                               planner: planner, countProgress: true) { planned, _ in
                try planWriter?.write(planned)
                result.counts[planned.outcome.status, default: 0] += 1
                if planned.hasChanges, planned.steps.contains(where: { if case .create = $0 { true } else { false } }) {
                    result.created += 1
                }
                try outcomes.add(planned.outcome)
            }
            result.products = planner.totals()
            planWriter?.addTotals(result.products)
            return result
        }
        let executor = Executor(directory: directory, batchID: batchID, role: options.role,
                                operatorName: options.operatorName, now: options.now, random: random,
                                outcomes: outcomes, credentials: credentials, batchSize: options.batchSize,
                                overlapping: overlapping, onRefused: { planner.giveBack($0) })
        // On an error, the group in flight ends before the caller releases the lock.
        defer { executor.settle() }
        let resume = try resumePoint(customer.id, batchID: batchID, defaultCustomerID: defaultCustomerID,
                                     openRequests: openRequests)
        var index = 0
        try forEachPlanned(openRequests(), customer: customer.id, defaultCustomerID: defaultCustomerID,
                           planner: planner, countProgress: true) { planned, request in
            defer { index += 1 }
            if resume.decided(index) {
                try executor.submit(resume.settle(planned, planner: planner), reissue: resume.undelivered[planned.journalKey])
                return
            }
            let password = try request.initialPassword.map { try TemporaryPassword(checking: $0.value) }
            try executor.submit(planned, initialPassword: password)
        }
        try executor.flush()
        result.counts = executor.counts
        result.created = executor.created
        result.products = try Self.withAssignedAfter(planner.totals(), directory.seatUsage(customerID: customer.id))
        return result
    }

    private func plannerFactory(_ customer: Customer) throws -> () -> CustomerPlanner {
        let products = try directory.products()
        let rules = try directory.licensingRules()
        let seats = try directory.seatUsage(customerID: customer.id)
        let options = self.options.planOptions, random = self.random
        return { CustomerPlanner(customer: customer, products: products, rules: rules, seats: seats,
                                 options: options, random: random) }
    }

    /// How many users of `customer` would fail (the all-or-nothing check pass).
    private func failures(_ customer: Customer, defaultCustomerID: String?,
                          openRequests: () throws -> any RequestSource) throws -> Int {
        var failures = 0
        try forEachPlanned(openRequests(), customer: customer.id, defaultCustomerID: defaultCustomerID,
                           planner: plannerFactory(customer)(), countProgress: false) { planned, _ in
            if planned.outcome.status == .failed { failures += 1 }
        }
        return failures
    }

    /// Refuses a saved plan as ``apply(plan:outcomes:credentials:)`` would for its role and
    /// its change counters, without taking the locks: for a caller that checks before it
    /// creates its reports' files (the apply checks again under the locks).
    /// - Throws: ``JobError/weakerRole(planned:applying:)``, ``JobError/stalePlan(customerID:planned:current:)``.
    public func checkPlan(_ header: PlanHeader) throws {
        try checkRole(header)
        for customer in header.customers.sorted(by: { $0.id < $1.id }) { try checkCounter(customer) }
    }

    private func checkRole(_ header: PlanHeader) throws {
        if options.role.rank < header.role.rank {
            throw JobError.weakerRole(planned: header.role, applying: options.role)
        }
    }

    private func checkCounter(_ customer: PlannedCustomer) throws {
        let current = try directory.changeCounter(customerID: customer.id)
        if current != customer.changeCounter {
            throw JobError.stalePlan(customerID: customer.id, planned: customer.changeCounter, current: current)
        }
    }

    /// Applies a saved plan: refuses it when a customer's directory changed since it was made,
    /// or when the applying role may do less than the planning one.
    public func apply(plan: inout PlanReader, outcomes: OutcomeSink, credentials: CredentialSink?) throws -> RunSummary {
        let header = plan.header
        try checkRole(header)
        var locks: [DirectoryLock] = []
        defer { locks.forEach { $0.release() } }
        for customer in header.customers.sorted(by: { $0.id < $1.id }) {
            locks.append(try directory.lock(customerID: customer.id, holder: "batch \(header.batchID), \(options.operatorName)",
                                            wait: options.lockWait))
            try checkCounter(customer)
        }
        try outcomes.begin(RunHeader(batchID: header.batchID, input: header.input, role: options.role, preview: false,
                                     startedAt: options.now))
        let executor = Executor(directory: directory, batchID: header.batchID, role: options.role,
                                operatorName: options.operatorName, now: options.now, random: random,
                                outcomes: outcomes, credentials: credentials, batchSize: options.batchSize,
                                overlapping: overlapping)
        defer { executor.settle() }
        while let planned = try plan.next() {
            try executor.submit(planned)
            handled += 1
            progress(handled)
        }
        try executor.flush()
        var products: [ProductTotals] = []
        for customer in header.customers.sorted(by: { $0.id < $1.id }) {
            let planned = plan.totals.filter { $0.customerID == customer.id }
            products += try Self.withAssignedAfter(planned, directory.seatUsage(customerID: customer.id))
        }
        let summary = RunSummary(counts: executor.counts, created: executor.created, products: products,
                                 finishedAt: options.now)
        try outcomes.finish(summary)
        try credentials?.finish()
        return summary
    }

    // MARK: Streaming

    /// Plans every request of `customer` in file order, looking users up a chunk at a time.
    /// With a look-up handle of its own (`lookups`), the next chunk is read and looked up on
    /// a thread of its own while this one is planned (``Prefetcher``).
    private func forEachPlanned(_ source: any RequestSource, customer: String, defaultCustomerID: String?,
                                planner: CustomerPlanner, countProgress: Bool,
                                _ body: (PlannedUser, UserRequest) throws -> Void) throws {
        planner.columns = source.columns
        let chunks = ChunkReader(source, customer: customer, defaultCustomerID: defaultCustomerID, directory: reader,
                                 chunkSize: options.chunkSize)
        let prefetcher = overlapping ? Prefetcher { try chunks.next() } : nil
        defer { prefetcher?.stop() }
        func nextChunk() throws -> LookedUpChunk? {
            if let prefetcher { return try prefetcher.next() }
            return try chunks.next()
        }
        while let chunk = try nextChunk() {
            for request in chunk.requests {
                try body(planner.plan(request, candidates: chunk.candidates(for: request)), request)
                if countProgress {
                    handled += 1
                    progress(handled)
                }
            }
        }
    }

    /// The customers named by the requests, in order of first appearance; `nil` stands for
    /// rows with no customer at all.
    private func customersIn(_ source: any RequestSource, defaultCustomerID: String?) throws -> [String?] {
        var source = source
        if !source.mayNameCustomers, let defaultCustomerID { return [defaultCustomerID] }
        var seen: [String?] = [], known = Set<String?>()
        while let request = try source.next() {
            let id = request.customerID ?? defaultCustomerID
            if known.insert(id).inserted { seen.append(id) }
        }
        if seen.isEmpty, let defaultCustomerID { seen.append(defaultCustomerID) }
        return seen
    }

    private func failRows(customerID: String?, _ source: any RequestSource, defaultCustomerID: String?,
                          outcomes: OutcomeSink, counts: inout [OutcomeStatus: Int]) throws {
        var source = source
        let violation = customerID.map { Violation(.notFound, "unknown customer '\($0)'", field: "Customer") }
            ?? Violation(.invalidInput, "the row names no customer", fix: "fill the Customer column or pass --customer",
                         field: "Customer")
        while let request = try source.next() {
            guard (request.customerID ?? defaultCustomerID) == customerID else { continue }
            let outcome = UserOutcome(customerID: customerID ?? "", userPrincipalName: request.userPrincipalName,
                                      displayName: request.attributes.displayName, action: request.action,
                                      sources: request.sources, status: .failed,
                                      errors: [violation.placed(line: request.sources.first?.line, columns: source.columns)])
            counts[.failed, default: 0] += 1
            try outcomes.add(outcome)
        }
    }

    private static func withAssignedAfter(_ totals: [ProductTotals], _ usage: [SeatUsage]) -> [ProductTotals] {
        let after = Dictionary(usage.map { ($0.partNumber, $0.assigned) }, uniquingKeysWith: { first, _ in first })
        return totals.map { total in
            var total = total
            total.assignedAfter = after[total.partNumber] ?? total.assignedAfter
            return total
        }
    }
}
