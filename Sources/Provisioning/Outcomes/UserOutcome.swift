/// How one user's request ended.
public enum OutcomeStatus: String, Codable, Hashable, Sendable, CaseIterable {
    /// Every change was applied.
    case succeeded
    /// Nothing was applied; `errors` says why.
    case failed
    /// The user already matched the request.
    case unchanged
    /// Not attempted: `--all-or-nothing` stopped the run because another user failed.
    case skipped
    /// A preview (`plan`, `--dry-run`): these changes would be applied.
    case planned
}

/// A product named in an outcome, with the plans disabled in it.
public struct LicenseChange: Codable, Hashable, Sendable {
    /// The part number, e.g. `SPE_E3`.
    public var partNumber: String
    /// The product's display name, e.g. `Microsoft 365 E3`.
    public var displayName: String
    /// Service plans disabled for this user in that product.
    public var disabledPlans: [String]

    /// Creates a license change.
    public init(partNumber: String, displayName: String, disabledPlans: [String] = []) {
        self.partNumber = partNumber
        self.displayName = displayName
        self.disabledPlans = disabledPlans
    }
}

/// One user's result: the "Licenses updated" row. Every renderer works from this.
/// It never carries a password; ``passwordIssued`` only says that one was.
public struct UserOutcome: Codable, Hashable, Sendable {
    /// The customer.
    public var customerID: String
    /// The user's sign-in name (the new one, after a rename on restore).
    public var userPrincipalName: String
    /// The user's display name, when known.
    public var displayName: String?
    /// What was asked.
    public var action: RequestAction
    /// Where the request came from.
    public var sources: [SourceLocation]
    /// How it ended.
    public var status: OutcomeStatus
    /// Products added (or that would be, in a preview).
    public var added: [LicenseChange]
    /// Products removed.
    public var removed: [LicenseChange]
    /// Products held before and after, unchanged.
    public var unchanged: [LicenseChange]
    /// Directory roles granted (or that would be, in a preview), by display name.
    public var rolesAdded: [String] = []
    /// Directory roles taken away, by display name.
    public var rolesRemoved: [String] = []
    /// Names of attributes changed (`displayName`, `department`, …); role changes are in
    /// ``rolesAdded`` and ``rolesRemoved`` instead.
    public var changedAttributes: [String]
    /// Whether a new temporary password was issued, or will be in a preview (it is never in a
    /// report: it is in the credentials sheet, or shown once on the terminal).
    public var passwordIssued: Bool
    /// Why it failed, or warnings on success (e.g. licenses a restore could not bring back).
    public var errors: [Violation]
    /// Why this run issued the user a password again, when it did (``passwordIssued`` is then
    /// true too); `nil` otherwise, and left out of saved plans and older readers.
    public var passwordReissue: PasswordReissue?

    /// Creates an outcome.
    public init(customerID: String, userPrincipalName: String, displayName: String? = nil,
                action: RequestAction, sources: [SourceLocation], status: OutcomeStatus,
                added: [LicenseChange] = [], removed: [LicenseChange] = [], unchanged: [LicenseChange] = [],
                changedAttributes: [String] = [], passwordIssued: Bool = false, errors: [Violation] = []) {
        self.customerID = customerID
        self.userPrincipalName = userPrincipalName
        self.displayName = displayName
        self.action = action
        self.sources = sources
        self.status = status
        self.added = added
        self.removed = removed
        self.unchanged = unchanged
        self.changedAttributes = changedAttributes
        self.passwordIssued = passwordIssued
        self.errors = errors
    }

    private enum CodingKeys: String, CodingKey {
        case customerID, userPrincipalName, displayName, action, sources, status, added, removed, unchanged,
             rolesAdded, rolesRemoved, changedAttributes, passwordIssued, errors, passwordReissue
    }

    /// Decodes an outcome; one saved before role changes were carried has none.
    public init(from decoder: Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        customerID = try values.decode(String.self, forKey: .customerID)
        userPrincipalName = try values.decode(String.self, forKey: .userPrincipalName)
        displayName = try values.decodeIfPresent(String.self, forKey: .displayName)
        action = try values.decode(RequestAction.self, forKey: .action)
        sources = try values.decode([SourceLocation].self, forKey: .sources)
        status = try values.decode(OutcomeStatus.self, forKey: .status)
        added = try values.decode([LicenseChange].self, forKey: .added)
        removed = try values.decode([LicenseChange].self, forKey: .removed)
        unchanged = try values.decode([LicenseChange].self, forKey: .unchanged)
        rolesAdded = try values.decodeIfPresent([String].self, forKey: .rolesAdded) ?? []
        rolesRemoved = try values.decodeIfPresent([String].self, forKey: .rolesRemoved) ?? []
        changedAttributes = try values.decode([String].self, forKey: .changedAttributes)
        passwordIssued = try values.decode(Bool.self, forKey: .passwordIssued)
        errors = try values.decode([Violation].self, forKey: .errors)
        passwordReissue = try values.decodeIfPresent(PasswordReissue.self, forKey: .passwordReissue)
    }
}

/// Why a run issued a user a new temporary password that its input did not ask for.
public enum PasswordReissue: String, Codable, Hashable, Sendable, CustomStringConvertible {
    /// An interrupted run of the same batch committed the user with a password that never
    /// reached a credentials sheet (killed between the commit and the sheet's write); this
    /// run issued a new one, which is in its own sheet.
    case undelivered

    /// The sentence a report shows.
    public var description: String {
        switch self {
        case .undelivered:
            return "temporary password re-issued: the interrupted run's was never delivered"
        }
    }
}
