import Foundation

/// One step of a change to one user, as the executor hands it to a ``Directory``.
/// The planner has already checked every rule; the directory re-checks what concurrency could
/// break (seats, unique names) and refuses the whole ``UserChangeSet`` if one step fails.
public enum UserChange: Sendable, Hashable {
    /// Create the user (with `user.licenses` assigned) and set the temporary password.
    case create(User, password: TemporaryPassword)
    /// Replace the user's attributes and roles.
    case setAttributes(UserAttributes, roles: [String])
    /// Assign a product, or change its disabled plans when already held.
    case assign(LicenseAssignment)
    /// Remove a product.
    case revoke(partNumber: String)
    /// Soft-delete: the user keeps its assignments as a record of what it held, but they
    /// no longer take seats.
    case delete
    /// Restore a deleted user under `userPrincipalName` (the old or a new name), keeping
    /// only the assignments of `keepLicenses` (those that fit in the free seats).
    case restore(userPrincipalName: String, keepLicenses: [String])
    /// Set a new temporary password, to be changed at next sign-in.
    case resetPassword(TemporaryPassword)
}

/// All changes to one user, applied atomically: every step or none.
public struct UserChangeSet: Sendable, Hashable {
    /// The customer.
    public var customerID: String
    /// The user's object id (for a create, the new user's id).
    public var objectID: String
    /// The user's sign-in name (for the audit log).
    public var userPrincipalName: String
    /// A key unique within the batch (e.g. the source line), recorded in the journal so that a
    /// resumed job skips sets that were already applied.
    public var journalKey: String
    /// The steps, in order.
    public var steps: [UserChange]
    /// What the set is to the journal.
    public var kind: Kind

    /// What a change set is to the batch's journal.
    public enum Kind: Sendable, Hashable {
        /// A change of the batch: journaled under its key, `.alreadyApplied` when the key is
        /// already there.
        case change
        /// A new password for the user of an ``UndeliveredCredential`` of this batch (its only
        /// step is a `resetPassword`). Its key is already journaled, so it is not journaled
        /// again; the store applies it only while that password is still undelivered
        /// (`.alreadyApplied` otherwise) and keeps it undelivered until
        /// ``JobLedger/markCredentialsDelivered(batchID:entries:)``.
        case reissue
    }

    /// Creates a change set.
    public init(customerID: String, objectID: String, userPrincipalName: String, journalKey: String,
                steps: [UserChange], kind: Kind = .change) {
        self.customerID = customerID
        self.objectID = objectID
        self.userPrincipalName = userPrincipalName
        self.journalKey = journalKey
        self.steps = steps
        self.kind = kind
    }

    /// Whether a step of the set issues a temporary password (a create or a reset).
    public var issuesPassword: Bool {
        steps.contains { step in
            switch step {
            case .create, .resetPassword: return true
            default: return false
            }
        }
    }
}

/// A group of user change sets applied in one store transaction (each set atomic inside it).
public struct ChangeBatch: Sendable {
    /// The batch id, shared by every entry of one job in the journal and audit log.
    public var batchID: String
    /// Who runs the job.
    public var role: OperatorRole
    /// The operator's name for the audit log (e.g. the OS user).
    public var operatorName: String
    /// "Now" for every timestamp written.
    public var now: Date
    /// The change sets, applied in order.
    public var sets: [UserChangeSet]
    /// Whether the caller hands every password the batch issues to a credentials sheet and
    /// confirms it with ``JobLedger/markCredentialsDelivered(batchID:entries:)``. The store then
    /// records each applied set that issues a password as undelivered, in the same
    /// transaction, so that a run killed before the sheet was written can be made whole
    /// (``JobLedger/undeliveredCredentials(customerID:batchID:)``).
    public var deliversCredentials: Bool

    /// Creates a batch.
    public init(batchID: String, role: OperatorRole, operatorName: String, now: Date, sets: [UserChangeSet],
                deliversCredentials: Bool = false) {
        self.batchID = batchID
        self.role = role
        self.operatorName = operatorName
        self.now = now
        self.sets = sets
        self.deliversCredentials = deliversCredentials
    }
}

/// What became of one change set.
public enum UserChangeResult: Sendable, Hashable {
    /// Applied now.
    case applied
    /// Already in the journal for this batch: applied by an earlier, interrupted run.
    case alreadyApplied
    /// Refused by the store; nothing of this set was written.
    case refused(Violation)
}
