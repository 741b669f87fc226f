import Foundation

/// A whole run: for each customer in turn, take its lock, plan the requests in file order
/// (reading the directory a chunk at a time), and apply them, or only preview them, streaming
/// outcomes to the report and new passwords to the credentials sheet.
///
/// Given a second handle on the same store for look-ups (`lookups`), each group of users is
/// applied on a thread of its own while the next is planned (see ``Executor``): on two cores
/// the store's writes and the planning, reports and credentials take turns no more.
public final class Job {
    private let directory: any Directory & JobLedger
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
    public init(directory: any Directory & JobLedger, options: JobOptions, random: RandomSource, lookups: Directory? = nil) {
        self.directory = directory
        self.reader = lookups ?? directory
        self.overlapping = lookups != nil
        self.options = options
        self.random = random
    }

    /// Runs `input` in the one order every surface gets, so that each has the same guarantees:
    /// 1. the customer (or the saved plan: role, already applied, change counters) is checked;
    /// 2. a full-set (`exact`) run needs a column of the products to hold;
    /// 3. the outputs' options are checked (``JobOutputs/check()``);
    /// 4. the customers' locks are taken (all of them, in id order, for the whole run);
    /// 5. the all-or-nothing and safety-limit passes plan the input without writing;
    /// 6. only then are the outputs created (``JobOutputs/open(_:)``), the users planned and
    ///    applied in groups, the credentials delivered, and the batch finished.
    /// So a run refused at any step up to 5 has touched no file, and a run killed in step 6
    /// is resumed by running it again.
    ///
    /// - Returns: the run's summary (also given to the outcome sink's `finish`).
    /// - Throws: ``JobError`` for a refused customer, plan or input, ``LockBusy``, the
    ///   outputs' own errors, input errors.
    public func run(_ input: JobInput, outputs: any JobOutputs) throws -> RunSummary {
        switch input {
        case let .requests(defaultCustomerID, name, batchID, open):
            return try runRequests(defaultCustomerID: defaultCustomerID, input: name, batchID: batchID,
                                   openRequests: open, outputs: outputs)
        case let .plan(open):
            return try runPlan(open: open, outputs: outputs)
        }
    }

    private func runRequests(defaultCustomerID given: String?, input: String, batchID base: String,
                             openRequests openInput: () throws -> any RequestSource, outputs: any JobOutputs) throws -> RunSummary {
        let known = try directory.customers()
        try Self.check(given, known: known)
        // Customer ids as the store spells them, from here on (`CONTOSO` is `contoso`).
        let defaultCustomerID = given.flatMap { Customer.matching($0, in: known)?.id }
        func openRequests() throws -> any RequestSource { CustomerMatchingSource(try openInput(), known: known) }
        let first = try openRequests()
        // (Requests from the command line have no columns: they never run as a full set.)
        if options.exact, !first.columns.isEmpty, !first.columns.contains(where: { $0.field == IntakeField.licenses.rawValue }) {
            throw JobError.exactWithoutLicensesColumn(input: input)
        }
        try outputs.check()
        let customerIDs = try customersIn(first, defaultCustomerID: defaultCustomerID)
        let knownIDs = customerIDs.compactMap { id in known.contains { $0.id == id } ? id : nil }
        let batchID = try runBatchID(base, customerIDs: knownIDs)
        let locks = options.preview ? [] : try lock(knownIDs, batchID: batchID)
        defer { locks.forEach { $0.release() } }
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
        var stop: SafetyStop?
        // A file that cannot go past the limits, by its header or its requests alone, is not planned twice.
        if !options.preview, !skipAll, options.limits.isLimited,
           try options.exact || (first.mayRemove && options.limits.mayBeExceeded(by: census(openRequests()))) {
            var tally = RemovalTally()
            for id in knownIDs {
                guard let customer = known.first(where: { $0.id == id }) else { continue }
                try forEachPlanned(openRequests(), customer: id, defaultCustomerID: defaultCustomerID,
                                   planner: plannerFactory(customer)(), countProgress: false) { planned, _ in tally.add(planned) }
            }
            stop = options.limits.stop(for: tally)
        }
        let counters = try knownIDs.map { PlannedCustomer(id: $0, changeCounter: try directory.changeCounter(customerID: $0)) }
        let opened = try outputs.open(JobStart(batchID: batchID, customers: counters))
        let previewing = options.preview || stop != nil
        try opened.outcomes.begin(RunHeader(batchID: batchID, input: input, role: options.role, preview: previewing,
                                            startedAt: options.clock(), inputSummary: options.inputSummary))
        var counts: [OutcomeStatus: Int] = [:], created = 0, products: [ProductTotals] = []
        for id in customerIDs {
            guard let id, let customer = known.first(where: { $0.id == id }) else {
                // Rows naming no customer, or one that does not exist, fail one by one.
                try failRows(customerID: id, openRequests(), defaultCustomerID: defaultCustomerID, known: known,
                             outcomes: opened.outcomes, counts: &counts)
                continue
            }
            let mode: CustomerMode = skipAll ? .skip : previewing ? .preview : .apply
            let result = try runCustomer(customer, mode: mode, defaultCustomerID: defaultCustomerID, batchID: batchID,
                                         openRequests: openRequests, outcomes: opened.outcomes,
                                         credentials: opened.credentials, planWriter: opened.plan)
            for (status, count) in result.counts { counts[status, default: 0] += count }
            created += result.created
            products += result.products
        }
        let summary = RunSummary(counts: counts, created: created, products: products, finishedAt: options.clock(),
                                 stopped: stop)
        try opened.outcomes.finish(summary)
        try opened.credentials?.finish()
        try opened.plan?.close()
        // Last: a run killed before this point is resumed by running it again, not redone.
        if !previewing && !knownIDs.isEmpty {
            try directory.finishBatch(customerIDs: knownIDs, batchID: batchID, now: options.now)
        }
        return summary
    }

    private func census(_ source: any RequestSource) throws -> RemovalCensus {
        var source = source
        return try source.removalCensus()
    }

    /// Takes the locks of `customerIDs`, in id order (two jobs over the same customers then
    /// cannot each hold one the other waits for).
    private func lock(_ customerIDs: [String], batchID: String) throws -> [DirectoryLock] {
        var locks: [DirectoryLock] = []
        do {
            for id in Set(customerIDs).sorted() {
                locks.append(try directory.lock(customerID: id, holder: "batch \(batchID), \(options.operatorName)",
                                                wait: options.lockWait))
            }
        } catch {
            locks.forEach { $0.release() }
            throw error
        }
        return locks
    }

    private static func check(_ defaultCustomerID: String?, known: [Customer]) throws {
        if let id = defaultCustomerID, Customer.matching(id, in: known) == nil {
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

    private struct CustomerResult {
        var counts: [OutcomeStatus: Int] = [:]
        var created = 0
        var products: [ProductTotals] = []
    }

    /// What a run does with a customer's users.
    private enum CustomerMode {
        /// Plan and apply them.
        case apply
        /// Plan them only (a preview, or a run stopped by a safety limit).
        case preview
        /// Plan them and report them skipped (all-or-nothing found a failure).
        case skip
    }

    private func runCustomer(_ customer: Customer, mode: CustomerMode, defaultCustomerID: String?, batchID: String,
                             openRequests: () throws -> any RequestSource, outcomes: OutcomeSink,
                             credentials: CredentialSink?, planWriter: PlanWriter?) throws -> CustomerResult {
        let makePlanner = try plannerFactory(customer)
        var result = CustomerResult()
        if mode == .skip {
            let planner = makePlanner()
            try forEachPlanned(openRequests(), customer: customer.id, defaultCustomerID: defaultCustomerID,
                               planner: planner, countProgress: true) { planned, _ in
                var outcome = planned.outcome
                if outcome.status == .planned {
                    // Not attempted: nothing was added, removed, changed or issued.
                    outcome.status = .skipped
                    outcome.added = []
                    outcome.removed = []
                    outcome.rolesAdded = []
                    outcome.rolesRemoved = []
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
        if mode == .preview {
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

    /// Refuses a saved plan as ``run(_:outputs:)`` would for its role, its batch and its
    /// change counters, without taking the locks: for a caller that must know before it does
    /// anything else (the run checks again under the locks).
    /// - Throws: ``JobError/weakerRole(planned:applying:)``, ``JobError/planAlreadyApplied(batchID:)``,
    ///   ``JobError/stalePlan(customerID:planned:current:)``.
    public func checkPlan(_ header: PlanHeader) throws {
        if options.role.rank < header.role.rank {
            throw JobError.weakerRole(planned: header.role, applying: options.role)
        }
        // Before the counters: applying the plan moved them, and "stale" would send the
        // operator to make a plan of what is already done.
        for customer in header.customers where try directory.isBatchFinished(customerID: customer.id, batchID: header.batchID) {
            throw JobError.planAlreadyApplied(batchID: header.batchID)
        }
        for customer in header.customers.sorted(by: { $0.id < $1.id }) {
            let current = try directory.changeCounter(customerID: customer.id)
            if current != customer.changeCounter {
                throw JobError.stalePlan(customerID: customer.id, planned: customer.changeCounter, current: current)
            }
        }
    }

    /// Applies a saved plan (step by step as ``run(_:outputs:)`` says): refuses it when a
    /// customer's directory changed since it was made, when it was applied already, or when
    /// the applying role may do less than the planning one; finishes its batch at the end, as
    /// a file's run does, so that the same input run later is a new batch.
    private func runPlan(open: () throws -> PlanReader, outputs: any JobOutputs) throws -> RunSummary {
        var plan = try open()
        let header = plan.header
        try checkPlan(header)
        try outputs.check()
        let customerIDs = header.customers.map(\.id)
        let locks = try lock(customerIDs, batchID: header.batchID)
        defer { locks.forEach { $0.release() } }
        try checkPlan(header)
        var stop: SafetyStop?
        if options.limits.isLimited {
            var tally = RemovalTally(), counting = try open()
            while let planned = try counting.next() { tally.add(planned) }
            stop = options.limits.stop(for: tally)
        }
        let opened = try outputs.open(JobStart(batchID: header.batchID, customers: header.customers))
        try opened.outcomes.begin(RunHeader(batchID: header.batchID, input: header.input, role: options.role,
                                            preview: stop != nil, startedAt: options.clock()))
        if let stop {
            var counts: [OutcomeStatus: Int] = [:], created = 0
            while let planned = try plan.next() {
                counts[planned.outcome.status, default: 0] += 1
                if planned.hasChanges, planned.steps.contains(where: { if case .create = $0 { true } else { false } }) {
                    created += 1
                }
                try opened.outcomes.add(planned.outcome)
            }
            let summary = RunSummary(counts: counts, created: created, products: plan.totals, finishedAt: options.clock(),
                                     stopped: stop)
            try opened.outcomes.finish(summary)
            return summary
        }
        let executor = Executor(directory: directory, batchID: header.batchID, role: options.role,
                                operatorName: options.operatorName, now: options.now, random: random,
                                outcomes: opened.outcomes, credentials: opened.credentials, batchSize: options.batchSize,
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
                                 finishedAt: options.clock())
        try opened.outcomes.finish(summary)
        try opened.credentials?.finish()
        if !customerIDs.isEmpty {
            try directory.finishBatch(customerIDs: customerIDs, batchID: header.batchID, now: options.now)
        }
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

    private func failRows(customerID: String?, _ source: any RequestSource, defaultCustomerID: String?, known: [Customer],
                          outcomes: OutcomeSink, counts: inout [OutcomeStatus: Int]) throws {
        var source = source
        let violation = customerID.map { id in
            Violation(.notFound, "unknown customer '\(id)'",
                      fix: Customer.closestIDs(to: id, among: known.map(\.id)).first.map { "did you mean \($0)?" },
                      field: "Customer")
        }
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
