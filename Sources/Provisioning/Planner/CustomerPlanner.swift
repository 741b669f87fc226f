import Foundation

/// Plans requests for one customer, one user at a time, under the licensing rules.
///
/// Design note: the planner keeps only small running state — the seat ledger (one entry per
/// product) and a 64-bit fingerprint per user name seen in the input (for duplicate rows) —
/// so a file of any size plans in bounded memory. Every rule that refuses a change yields a
/// ``Violation``; a user with any violation gets no steps at all (per-user atomicity), and
/// seats it took are given back at once so later rows can have them.
public final class CustomerPlanner {
    /// The customer planned for.
    public let customer: Customer
    /// The catalog used to resolve product names.
    public let catalog: ProductCatalog
    let checker: RuleChecker
    let options: PlanOptions
    let random: RandomSource
    /// Seats while planning, in file order.
    public private(set) var ledger: SeatLedger
    private var seen: NameFingerprints
    /// Where the input's fields are, so that violations name the header and column as well
    /// as the line (``RequestSource/columns``); empty for command-line requests.
    public var columns: [FieldColumn] = []

    /// Creates a planner from the directory's current catalog, rules and seats.
    public init(customer: Customer, products: [Product], rules: LicensingRules, seats: [SeatUsage],
                options: PlanOptions, random: RandomSource) {
        self.customer = customer
        self.catalog = ProductCatalog(products)
        self.checker = RuleChecker(rules: rules, catalog: catalog)
        self.options = options
        self.random = random
        self.ledger = SeatLedger(seats)
        self.seen = NameFingerprints(expectedNames: options.expectedRows)
    }

    /// Plans one request. `candidates` are the directory's users (active and deleted) with the
    /// request's user name, new user name or object id.
    public func plan(_ request: UserRequest, candidates: [User]) -> PlannedUser {
        let upn = request.userPrincipalName.trimmedWhitespace
        var draft = Draft(request: request, upn: upn, customerID: customer.id, columns: columns)
        if !request.problems.isEmpty { return draft.fail(request.problems) }
        if let duplicate = firstSighting(of: upn.isEmpty ? (request.objectID ?? "") : upn, line: request.sources.first?.line ?? 0) {
            return draft.fail([Violation(.uniquenessViolation,
                                         "user '\(upn)' appears more than once in this input; first at line \(duplicate)",
                                         fix: "keep one row per user", field: "UserPrincipalName")])
        }
        if let (name, first) = otherRowOfUser(request, upn: upn, candidates: candidates) {
            return draft.fail([Violation(.uniquenessViolation,
                                         "this row's ObjectId is user '\(name)', whom line \(first) of this input names too",
                                         fix: "keep one row per user", field: "ObjectId")])
        }
        let active = candidates.first { !$0.isDeleted && $0.userPrincipalName.equalsIgnoringCase(upn) }
        switch request.action {
        case .create:
            if let active {
                // Re-running the same file is a no-op: a user that already matches is unchanged.
                if matches(request, active) {
                    draft.outcome.status = .unchanged
                    draft.outcome.displayName = active.attributes.displayName
                    draft.outcome.unchanged = changes(active.licenses)
                    return PlannedUser(outcome: draft.outcome, objectID: active.objectID, journalKey: draft.journalKey, steps: [])
                }
                return draft.fail([Violation(.uniquenessViolation, "user name '\(upn)' is already taken in \(customer.id)",
                                             fix: "use Action update or upsert to change the existing user",
                                             field: "UserPrincipalName")])
            }
            return planCreate(request, &draft)
        case .upsert:
            if let active { return planUpdate(request, active, &draft) }
            return planCreate(request, &draft)
        case .update:
            guard let active else { return draft.fail([notFound(upn, candidates)]) }
            return planUpdate(request, active, &draft)
        case .delete:
            return planDelete(request, active, candidates, &draft)
        case .restore:
            return planRestore(request, active, candidates, &draft)
        case .resetPassword:
            guard let active else { return draft.fail([notFound(upn, candidates)]) }
            return planReset(active, &draft)
        }
    }

    /// Seat totals for the report.
    public func totals() -> [ProductTotals] { ledger.totals(customerID: customer.id, catalog: catalog) }

    // MARK: Actions

    private func planCreate(_ request: UserRequest, _ draft: inout Draft) -> PlannedUser {
        var violations: [Violation] = []
        if let denied = PermissionMatrix.check(options.role, options.fromFile ? .bulkCreateUsers : .createUser) {
            violations.append(denied)
        }
        if let problem = IdentifierRules.checkUserPrincipalName(draft.upn, customer: customer) { violations.append(problem) }
        let patch = request.attributes
        var displayName = patch.displayName ?? ""
        if displayName.trimmedWhitespace.isEmpty {
            displayName = [patch.firstName, patch.lastName].compactMap { $0 }.joined(separator: " ")
        }
        let defaultLocation = customer.defaultUsageLocation.isEmpty ? nil : customer.defaultUsageLocation
        let location = patch.usageLocation.map { CountryCode.normalized($0) ?? $0 } ?? defaultLocation
        let attributes = UserAttributes(displayName: displayName, firstName: patch.firstName, lastName: patch.lastName,
                                        jobTitle: patch.jobTitle, department: patch.department,
                                        usageLocation: location, accountEnabled: patch.accountEnabled ?? true)
        violations += Self.check(attributes)
        let roles = DirectoryRole.resolve(patch.roles ?? [], field: "Roles")
        violations += roles.violations
        if !roles.names.isEmpty, let denied = roleDenied(.grantRoles) { violations.append(denied) }
        let diff = LicenseDiff(current: [], request: request, exact: exact(request), catalog: catalog)
        violations += diff.violations
        if !diff.added.isEmpty, let denied = PermissionMatrix.check(options.role, .assignLicenses) { violations.append(denied) }
        if violations.isEmpty { violations += checker.check(diff.target, usageLocation: location) }
        draft.outcome.displayName = displayName
        if !violations.isEmpty { return draft.fail(violations) }
        let taken = takeSeats(diff.added)
        if !taken.violations.isEmpty { return draft.fail(taken.violations) }
        let user = User(objectID: random.objectID(at: options.now), customerID: customer.id, userPrincipalName: draft.upn,
                        attributes: attributes, roles: roles.names, createdAt: options.now,
                        mustChangePassword: true, licenses: diff.target)
        draft.outcome.action = .create
        draft.outcome.added = changes(diff.added)
        draft.outcome.rolesAdded = roles.names
        draft.outcome.passwordIssued = true
        return draft.planned(objectID: user.objectID, steps: [.create(user)], taken: taken.partNumbers, released: [])
    }

    private func planUpdate(_ request: UserRequest, _ user: User, _ draft: inout Draft) -> PlannedUser {
        var violations: [Violation] = []
        let (attributes, changedAttributes) = Self.patched(user.attributes, with: request.attributes)
        var roles = user.roles, rolesAdded: [String] = [], rolesRemoved: [String] = []
        if let asked = request.attributes.roles {
            let resolved = DirectoryRole.resolve(asked, field: "Roles")
            violations += resolved.violations
            rolesAdded = DirectoryRole.names(resolved.names, notIn: user.roles)
            rolesRemoved = DirectoryRole.names(user.roles, notIn: resolved.names)
            if !rolesAdded.isEmpty || !rolesRemoved.isEmpty { roles = resolved.names }
        }
        if !changedAttributes.isEmpty {
            violations += Self.check(attributes)
            if let denied = PermissionMatrix.check(options.role, .updateUser) { violations.append(denied) }
        }
        if !rolesAdded.isEmpty, let denied = roleDenied(.grantRoles) { violations.append(denied) }
        if !rolesRemoved.isEmpty, let denied = roleDenied(.removeRoles) { violations.append(denied) }
        let rolesChanged = !rolesAdded.isEmpty || !rolesRemoved.isEmpty
        let diff = LicenseDiff(current: user.licenses, request: request, exact: exact(request), catalog: catalog)
        violations += diff.violations
        if !diff.added.isEmpty || !diff.changed.isEmpty, let denied = PermissionMatrix.check(options.role, .assignLicenses) {
            violations.append(denied)
        }
        if !diff.removed.isEmpty, let denied = PermissionMatrix.check(options.role, .revokeLicenses) { violations.append(denied) }
        let locationChanged = changedAttributes.contains("usageLocation")
        if violations.isEmpty && (!diff.isEmpty || locationChanged) {
            violations += checker.check(diff.target, usageLocation: attributes.usageLocation)
        }
        draft.outcome.displayName = attributes.displayName
        draft.outcome.action = .update
        draft.outcome.unchanged = changes(diff.unchanged)
        if !violations.isEmpty { return draft.fail(violations) }
        if diff.isEmpty && changedAttributes.isEmpty && !rolesChanged {
            draft.outcome.status = .unchanged
            return PlannedUser(outcome: draft.outcome, objectID: user.objectID, journalKey: draft.journalKey, steps: [])
        }
        let taken = takeSeats(diff.added)
        if !taken.violations.isEmpty { return draft.fail(taken.violations) }
        for license in diff.removed { ledger.release(license.partNumber) }
        var steps: [PlannedStep] = []
        if !changedAttributes.isEmpty || rolesChanged { steps.append(.setAttributes(attributes, roles: roles)) }
        steps += diff.removed.map { .revoke(partNumber: $0.partNumber) }
        steps += (diff.added + diff.changed).map { .assign($0) }
        draft.outcome.added = changes(diff.added + diff.changed)
        draft.outcome.removed = changes(diff.removed)
        draft.outcome.rolesAdded = rolesAdded
        draft.outcome.rolesRemoved = rolesRemoved
        draft.outcome.changedAttributes = changedAttributes
        return draft.planned(objectID: user.objectID, steps: steps, taken: taken.partNumbers,
                             released: diff.removed.map(\.partNumber))
    }

    private func planDelete(_ request: UserRequest, _ active: User?, _ candidates: [User], _ draft: inout Draft) -> PlannedUser {
        if let denied = PermissionMatrix.check(options.role, .deleteUser) { return draft.fail([denied]) }
        guard let user = active else {
            if candidates.contains(where: { $0.isDeleted && $0.userPrincipalName.equalsIgnoringCase(draft.upn) }) {
                draft.outcome.status = .unchanged
                return PlannedUser(outcome: draft.outcome, objectID: "", journalKey: draft.journalKey, steps: [])
            }
            return draft.fail([notFound(draft.upn, candidates)])
        }
        for license in user.licenses { ledger.release(license.partNumber) }
        draft.outcome.displayName = user.attributes.displayName
        draft.outcome.removed = changes(user.licenses)
        return draft.planned(objectID: user.objectID, steps: [.delete], taken: [],
                             released: user.licenses.map(\.partNumber))
    }

    private func planRestore(_ request: UserRequest, _ active: User?, _ candidates: [User], _ draft: inout Draft) -> PlannedUser {
        if let denied = PermissionMatrix.check(options.role, .restoreUser) { return draft.fail([denied]) }
        let deleted = candidates.filter { user in
            guard user.isDeleted else { return false }
            if let objectID = request.objectID, !objectID.isEmpty { return user.objectID == objectID.fastLowercased }
            return user.userPrincipalName.equalsIgnoringCase(draft.upn)
        }.max { ($0.deletedAt ?? .distantPast) < ($1.deletedAt ?? .distantPast) }
        guard let user = deleted, let deletedAt = user.deletedAt else {
            if active != nil && request.objectID == nil {
                draft.outcome.status = .unchanged
                return PlannedUser(outcome: draft.outcome, objectID: active?.objectID ?? "", journalKey: draft.journalKey, steps: [])
            }
            let what = request.objectID.map { "object id \($0)" } ?? "'\(draft.upn)'"
            return draft.fail([Violation(.notFound, "no deleted user \(what) in \(customer.id)",
                                         fix: "users deleted more than 30 days ago are purged and cannot come back",
                                         field: request.objectID == nil ? "UserPrincipalName" : "ObjectId")])
        }
        draft.upn = user.userPrincipalName
        draft.outcome.userPrincipalName = user.userPrincipalName
        draft.outcome.displayName = user.attributes.displayName
        if options.now.timeIntervalSince(deletedAt) > options.restoreWindow {
            let days = Int(options.now.timeIntervalSince(deletedAt) / 86_400)
            return draft.fail([Violation(.restoreWindowExpired,
                                         "'\(user.userPrincipalName)' was deleted \(days) days ago; users can be restored for 30 days",
                                         fix: "create the user again")])
        }
        let name = request.newUserPrincipalName?.trimmedWhitespace ?? user.userPrincipalName
        if let newName = request.newUserPrincipalName {
            if let problem = IdentifierRules.checkUserPrincipalName(newName, field: "NewUserPrincipalName", customer: customer) {
                return draft.fail([problem])
            }
            if let first = firstSighting(of: newName, line: request.sources.first?.line ?? 0) {
                return draft.fail([Violation(.uniquenessViolation, "user name '\(newName)' is already used at line \(first) of this input",
                                             field: "NewUserPrincipalName")])
            }
        }
        if candidates.contains(where: { !$0.isDeleted && $0.userPrincipalName.equalsIgnoringCase(name) }) {
            return draft.fail([Violation(.uniquenessViolation,
                                         "user name '\(name)' has been taken by an active user since the deletion",
                                         fix: "restore under another name (--new-upn NAME or the NewUserPrincipalName column)",
                                         field: "UserPrincipalName")])
        }
        var kept: [LicenseAssignment] = [], warnings: [Violation] = []
        for license in user.licenses {
            if user.attributes.usageLocation == nil {
                warnings.append(Violation(.usageLocationRequired, "\(displayName(license.partNumber)) not restored: no usage location"))
            } else if ledger.take(license.partNumber) {
                kept.append(license)
            } else {
                let short = ledger.shortfall(license.partNumber)
                warnings.append(Violation(.countViolation,
                                          "\(displayName(license.partNumber)) not restored: no free seat",
                                          fix: "buy \(short) more seat\(short == 1 ? "" : "s") of \(displayName(license.partNumber)), then assign it",
                                          field: "Licenses"))
            }
        }
        draft.outcome.userPrincipalName = name
        draft.outcome.added = changes(kept)
        draft.outcome.errors = warnings.map { $0.placed(line: draft.line, columns: draft.columns) }
        return draft.planned(objectID: user.objectID,
                             steps: [.restore(userPrincipalName: name, keepLicenses: kept.map(\.partNumber))],
                             taken: kept.map(\.partNumber), released: [])
    }

    private func planReset(_ user: User, _ draft: inout Draft) -> PlannedUser {
        if let denied = PermissionMatrix.check(options.role, user.isAdmin ? .resetAdminPassword : .resetPassword) {
            return draft.fail([denied])
        }
        draft.outcome.displayName = user.attributes.displayName
        draft.outcome.passwordIssued = true
        draft.outcome.unchanged = changes(user.licenses)
        return draft.planned(objectID: user.objectID, steps: [.resetPassword], taken: [], released: [])
    }

    // MARK: Helpers

    /// Whether `user` already is what a create `request` asks for: same attributes (where the
    /// request gives them), roles and licenses.
    private func matches(_ request: UserRequest, _ user: User) -> Bool {
        let (_, changed) = Self.patched(user.attributes, with: request.attributes)
        let rolesMatch = request.attributes.roles.map { asked in
            let resolved = DirectoryRole.resolve(asked, field: "Roles")
            return resolved.violations.isEmpty && DirectoryRole.names(resolved.names, notIn: user.roles).isEmpty
                && DirectoryRole.names(user.roles, notIn: resolved.names).isEmpty
        } ?? true
        let diff = LicenseDiff(current: user.licenses, request: request, exact: true, catalog: catalog)
        return changed.isEmpty && rolesMatch && diff.isEmpty && diff.violations.isEmpty
    }

    /// The permission check of a role change, placed at the `Roles` field.
    private func roleDenied(_ operation: Operation) -> Violation? {
        guard var denied = PermissionMatrix.check(options.role, operation) else { return nil }
        denied.field = "Roles"
        return denied
    }

    /// Whether the request's products are the whole set the user ends with: under the run's
    /// exact mode, only when its Licenses cell names products (an empty cell keeps what the
    /// user holds; `none` clears it in any mode, see ``UserRequest/holdsNoLicenses``).
    private func exact(_ request: UserRequest) -> Bool {
        options.exact && !request.addLicenses.isEmpty
    }

    private func takeSeats(_ added: [LicenseAssignment]) -> (partNumbers: [String], violations: [Violation]) {
        var taken: [String] = [], violations: [Violation] = []
        for license in added {
            if ledger.take(license.partNumber) {
                taken.append(license.partNumber)
            } else {
                let short = ledger.shortfall(license.partNumber)
                let name = displayName(license.partNumber)
                violations.append(Violation(.countViolation, "no free seat of \(name) (\(license.partNumber))",
                                            fix: "buy \(short) more seat\(short == 1 ? "" : "s") of \(name)", field: "Licenses"))
            }
        }
        if !violations.isEmpty { for partNumber in taken { ledger.release(partNumber) } }
        return (violations.isEmpty ? taken : [], violations)
    }

    /// Gives back the seats of a planned user the store refused.
    public func giveBack(_ planned: PlannedUser) {
        for partNumber in planned.seatsTaken { ledger.release(partNumber) }
        for partNumber in planned.seatsReleased { _ = ledger.take(partNumber) }
    }

    /// For a row that names its user by object id: the user's name in the directory, and the
    /// line of an earlier row that named that user by name (or renamed a user to it). The row
    /// claims that name too, so a later row naming the user by name is a duplicate as well.
    ///
    /// Whether the user is active or deleted does not matter: the directory may be read a
    /// chunk ahead, before an earlier row's delete or restore is committed, and the outcome
    /// must not depend on that. (So restoring by object id a deleted user whose old name an
    /// active user now has, in the same input as a row for that active user, is refused too.)
    private func otherRowOfUser(_ request: UserRequest, upn: String, candidates: [User]) -> (String, Int)? {
        guard let id = request.objectID?.fastLowercased, !id.isEmpty,
              let user = candidates.first(where: { $0.objectID == id }),
              !user.userPrincipalName.equalsIgnoringCase(upn),
              let first = firstSighting(of: user.userPrincipalName, line: request.sources.first?.line ?? 0) else { return nil }
        return (user.userPrincipalName, first)
    }

    private func firstSighting(of name: String, line: Int) -> Int? {
        seen.firstSighting(of: name.fastLowercased, line: line)
    }

    private func displayName(_ partNumber: String) -> String {
        catalog.product(partNumber: partNumber)?.displayName ?? partNumber
    }

    private func changes(_ licenses: [LicenseAssignment]) -> [LicenseChange] {
        licenses.map { LicenseChange(partNumber: $0.partNumber, displayName: displayName($0.partNumber), disabledPlans: $0.disabledPlans) }
    }

    private func notFound(_ upn: String, _ candidates: [User]) -> Violation {
        let deleted = candidates.contains { $0.isDeleted && $0.userPrincipalName.equalsIgnoringCase(upn) }
        return Violation(.notFound, "no active user '\(upn)' in \(customer.id)",
                         fix: deleted ? "the user is deleted; restore it first (Action restore)" : "check the user name, or use Action create",
                         field: "UserPrincipalName")
    }
}
