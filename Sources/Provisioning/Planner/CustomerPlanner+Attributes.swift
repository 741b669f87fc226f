extension CustomerPlanner {
    /// Validates a user's attributes with the identifier rules.
    static func check(_ attributes: UserAttributes) -> [Violation] {
        var problems: [Violation] = []
        if let problem = IdentifierRules.checkDisplayName(attributes.displayName) { problems.append(problem) }
        if let first = attributes.firstName, let problem = IdentifierRules.checkName(first, field: "FirstName") { problems.append(problem) }
        if let last = attributes.lastName, let problem = IdentifierRules.checkName(last, field: "LastName") { problems.append(problem) }
        if let title = attributes.jobTitle,
           let problem = IdentifierRules.checkLength(title, max: IdentifierRules.maxJobTitle, what: "job title", field: "JobTitle") {
            problems.append(problem)
        }
        if let department = attributes.department,
           let problem = IdentifierRules.checkLength(department, max: IdentifierRules.maxDepartment, what: "department", field: "Department") {
            problems.append(problem)
        }
        if let location = attributes.usageLocation, let problem = IdentifierRules.checkUsageLocation(location) {
            problems.append(problem)
        }
        return problems
    }

    /// Applies a patch, returning the new attributes and the names of those that changed.
    static func patched(_ current: UserAttributes, with patch: AttributePatch) -> (UserAttributes, [String]) {
        var next = current
        var changed: [String] = []
        func apply(_ value: String?, _ keyPath: WritableKeyPath<UserAttributes, String?>, _ name: String) {
            guard let value, value != next[keyPath: keyPath] else { return }
            next[keyPath: keyPath] = value
            changed.append(name)
        }
        if let name = patch.displayName, !name.isEmpty, name != next.displayName {
            next.displayName = name
            changed.append("displayName")
        }
        apply(patch.firstName, \.firstName, "firstName")
        apply(patch.lastName, \.lastName, "lastName")
        apply(patch.jobTitle, \.jobTitle, "jobTitle")
        apply(patch.department, \.department, "department")
        apply(patch.usageLocation.map { CountryCode.normalized($0) ?? $0 }, \.usageLocation, "usageLocation")
        if let enabled = patch.accountEnabled, enabled != next.accountEnabled {
            next.accountEnabled = enabled
            changed.append("accountEnabled")
        }
        return (next, changed)
    }
}

/// The outcome being built for one request, with the helpers that finish it.
struct Draft {
    var outcome: UserOutcome
    var upn: String
    let journalKey: String
    /// The request's line and columns, to place the planner's violations.
    let line: Int?
    let columns: [FieldColumn]

    init(request: UserRequest, upn: String, customerID: String, columns: [FieldColumn]) {
        self.upn = upn
        outcome = UserOutcome(customerID: customerID, userPrincipalName: upn, displayName: request.attributes.displayName,
                              action: request.action, sources: request.sources, status: .failed)
        journalKey = request.journalKey
        line = request.sources.first?.line
        self.columns = columns
    }

    func fail(_ violations: [Violation]) -> PlannedUser {
        var outcome = self.outcome
        outcome.status = .failed
        outcome.errors = violations.map { $0.placed(line: line, columns: columns) }
        outcome.added = []
        outcome.removed = []
        outcome.rolesAdded = []
        outcome.rolesRemoved = []
        outcome.passwordIssued = false
        return PlannedUser(outcome: outcome, objectID: "", journalKey: journalKey, steps: [])
    }

    func planned(objectID: String, steps: [PlannedStep], taken: [String], released: [String]) -> PlannedUser {
        var outcome = self.outcome
        outcome.status = .planned
        return PlannedUser(outcome: outcome, objectID: objectID, journalKey: journalKey, steps: steps,
                           seatsTaken: taken, seatsReleased: released)
    }
}
