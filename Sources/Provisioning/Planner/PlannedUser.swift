/// One planned step, in the form a saved plan stores: like ``UserChange`` but without
/// passwords, which the executor draws from the CSPRNG only when it applies the step.
public enum PlannedStep: Codable, Hashable, Sendable {
    /// Create the user with its licenses; a temporary password is issued at apply time.
    case create(User)
    /// Replace attributes and roles.
    case setAttributes(UserAttributes, roles: [String])
    /// Assign a product (or change its disabled plans).
    case assign(LicenseAssignment)
    /// Remove a product.
    case revoke(partNumber: String)
    /// Soft-delete.
    case delete
    /// Restore under a name, keeping the licenses that fit.
    case restore(userPrincipalName: String, keepLicenses: [String])
    /// Issue a new temporary password at apply time.
    case resetPassword
}

/// The plan for one user: its outcome if applied, and the steps to apply.
public struct PlannedUser: Codable, Hashable, Sendable {
    /// The outcome: `planned` (steps to apply), `unchanged`, or `failed` with its errors.
    public var outcome: UserOutcome
    /// The user's object id (new for a create); empty when the user was not found.
    public var objectID: String
    /// The journal key, unique within the input (its source line).
    public var journalKey: String
    /// The steps, empty unless the outcome is `planned`.
    public var steps: [PlannedStep]
    /// Seats this user takes (part numbers), for giving them back if the store refuses it.
    public var seatsTaken: [String]
    /// Seats this user releases.
    public var seatsReleased: [String]

    /// Creates a planned user.
    public init(outcome: UserOutcome, objectID: String, journalKey: String, steps: [PlannedStep],
                seatsTaken: [String] = [], seatsReleased: [String] = []) {
        self.outcome = outcome
        self.objectID = objectID
        self.journalKey = journalKey
        self.steps = steps
        self.seatsTaken = seatsTaken
        self.seatsReleased = seatsReleased
    }

    /// Whether applying it would change the directory.
    public var hasChanges: Bool { outcome.status == .planned && !steps.isEmpty }
}
