/// Why a change to a user was refused. The names of the licensing codes are Microsoft's
/// license-assignment error codes; keep them stable, reports and scripts match on them.
public enum ViolationCode: String, Codable, Hashable, Sendable, CaseIterable {
    /// Not enough seats of a product.
    case countViolation = "CountViolation"
    /// Two enabled service plans or products that cannot be held together.
    case mutuallyExclusiveViolation = "MutuallyExclusiveViolation"
    /// A plan or product needs another that is not enabled, or a removal would orphan one.
    case dependencyViolation = "DependencyViolation"
    /// The product is not sold in the user's usage location.
    case prohibitedInUsageLocationViolation = "ProhibitedInUsageLocationViolation"
    /// The user has no usage location, so can hold no license.
    case usageLocationRequired = "UsageLocationRequired"
    /// The user name is taken, in the directory or earlier in the same file.
    case uniquenessViolation = "UniquenessViolation"
    /// The operator's role does not allow the change.
    case permissionDenied = "PermissionDenied"
    /// The user, product or customer named does not exist.
    case notFound = "NotFound"
    /// A value is missing or malformed; `field` names it.
    case invalidInput = "InvalidInput"
    /// The user was deleted more than 30 days ago and can no longer be restored.
    case restoreWindowExpired = "RestoreWindowExpired"
    /// An interrupted run of the batch applied the change, and the directory was changed
    /// back before the run was resumed (ours: Microsoft has no such code).
    case changedSinceApplied = "ChangedSinceApplied"
}

/// One refused change: a code, a message for people, the fix when there is one, and where
/// it came from. Errors are data; renderers turn them into text.
public struct Violation: Codable, Hashable, Sendable, Error, CustomStringConvertible {
    /// The machine-readable code.
    public var code: ViolationCode
    /// What is wrong, in one sentence.
    public var message: String
    /// What to do about it, e.g. "Buy 3 more seats of Microsoft 365 E3".
    public var fix: String?
    /// The input field (column header or option) the problem is in, when it is one field.
    public var field: String?
    /// The 1-based source line, when the problem comes from a file.
    public var line: Int?
    /// The 1-based column (field index) in that line.
    public var column: Int?

    /// Creates a violation.
    public init(_ code: ViolationCode, _ message: String, fix: String? = nil, field: String? = nil,
                line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.message = message
        self.fix = fix
        self.field = field
        self.line = line
        self.column = column
    }

    /// `Code: message (fix)`, with the field when known.
    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let field { text += " [field \(field)]" }
        if let fix { text += " (fix: \(fix))" }
        return text
    }
}
