// Design note: a run killed halfway committed its groups in file order, so what it decided for
// a customer is a prefix of that customer's rows: every row up to the last one it journaled
// (rows after it in the same committed group changed nothing). Planning that prefix again
// against the directory as it is now would be wrong in one way: a row that failed for want of
// a seat could now take one that a delete later in the prefix freed, and the rerun would end
// differently from an uninterrupted run. So the rows of the prefix are settled, not planned
// anew: a journaled row was applied and is reported succeeded; any other row was failed or
// unchanged then and changes nothing now. Rows after the prefix are planned as usual, against
// seats that are exactly what the killed run had at that point. A journaled row whose password
// never reached a credentials sheet (killed between the group's commit and the sheet's write)
// is settled too, and its user is issued a new password (`undelivered`). A journaled row is
// reported succeeded only when the directory still holds what it applied (it plans to no
// change now): if something changed it back since (another job, a command, an operator
// between the kill and the rerun), it is reported failed, saying so, rather than claiming a
// change the directory does not have; its journal row keeps this batch from redoing it, and
// the next run of the input (a new batch) applies it again.

/// Where an interrupted run of the same batch stopped, for one customer.
struct ResumePoint {
    /// Journal keys of the rows the interrupted run applied.
    let journaled: Set<String>
    /// The 0-based position, among the customer's rows in file order, of the last journaled
    /// row; -1 when the batch has none (a first run).
    let lastIndex: Int
    /// The passwords the interrupted run committed and never delivered, by journal key.
    let undelivered: [String: UndeliveredCredential]

    /// A first run: nothing to settle.
    static let none = ResumePoint(journaled: [], lastIndex: -1, undelivered: [:])

    /// Whether the row at `index` was decided by the interrupted run.
    func decided(_ index: Int) -> Bool { index <= lastIndex }

    /// The outcome of a decided row, with no steps: `succeeded` when journaled, else failed or
    /// unchanged as planned now; a row that would now change is reported failed and not
    /// applied. Seats the new plan took are given back to `planner`.
    func settle(_ planned: PlannedUser, planner: CustomerPlanner) -> PlannedUser {
        var settled = planned
        settled.steps = []
        settled.seatsTaken = []
        settled.seatsReleased = []
        if journaled.contains(planned.journalKey) {
            settled.outcome.passwordIssued = false
            // A password reset changes the directory every time it is planned: its journal row
            // is the proof it was done, there is nothing to compare.
            guard planned.hasChanges, planned.outcome.action != .resetPassword else {
                settled.outcome.status = .succeeded
                settled.outcome.errors = []
                return settled
            }
            planner.giveBack(planned)
            settled.outcome.status = .failed
            settled.outcome.errors = [Violation(
                .changedSinceApplied,
                "the interrupted run of this batch applied this row, but the directory has changed since and no longer holds it "
                    + "(\(Self.pending(planned.outcome))); it is not applied twice in one batch",
                fix: "run the same input again: a new batch applies what the directory needs",
                line: planned.outcome.sources.first.flatMap { $0.line > 0 ? $0.line : nil })]
            settled.outcome.added = []
            settled.outcome.removed = []
            settled.outcome.rolesAdded = []
            settled.outcome.rolesRemoved = []
            return settled
        }
        guard planned.hasChanges else { return settled }
        planner.giveBack(planned)
        let products = planned.seatsTaken.joined(separator: ", ")
        let line = planned.outcome.sources.first.flatMap { $0.line > 0 ? $0.line : nil }
        let violation = planned.seatsTaken.isEmpty
            ? Violation(.uniquenessViolation,
                        "the interrupted run of this batch refused this row (the user name was taken then); it is not retried when resuming",
                        fix: "apply the row again in a new file", field: "UserPrincipalName", line: line)
            : Violation(.countViolation,
                        "the interrupted run of this batch refused this row (no free seat of \(products) then); it is not retried when resuming, so that seats go where an uninterrupted run puts them",
                        fix: "buy more seats of \(products), or apply the row again in a new file", field: "Licenses",
                        line: line)
        settled.outcome.status = .failed
        settled.outcome.errors = [violation]
        settled.outcome.added = []
        settled.outcome.removed = []
        settled.outcome.rolesAdded = []
        settled.outcome.rolesRemoved = []
        settled.outcome.passwordIssued = false
        return settled
    }

    /// What a planned user would still change, for the message: "add SPE_E5, remove EMS".
    private static func pending(_ outcome: UserOutcome) -> String {
        var parts: [String] = []
        if !outcome.added.isEmpty { parts.append("add " + outcome.added.map(\.partNumber).joined(separator: ", ")) }
        if !outcome.removed.isEmpty { parts.append("remove " + outcome.removed.map(\.partNumber).joined(separator: ", ")) }
        return parts.isEmpty ? "its attributes differ" : parts.joined(separator: "; ")
    }
}
