import Foundation

/// Who makes a change to customers, domains or seats, for the audit log: the operator, the
/// role they act in, the batch id the change is logged under, and "now" (injected).
public struct AdminActor: Sendable, Hashable {
    /// The operator's name.
    public var operatorName: String
    /// The operator's role.
    public var role: OperatorRole
    /// The batch id of the entries, one per command run.
    public var batchID: String
    /// When, for the entries' `at`.
    public var now: Date

    /// Creates an actor.
    public init(operatorName: String, role: OperatorRole, batchID: String, now: Date) {
        self.operatorName = operatorName
        self.role = role
        self.batchID = batchID
        self.now = now
    }
}
