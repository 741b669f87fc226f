import Foundation

/// Turns one data row into a ``UserRequest``, with every problem of the row as an
/// `InvalidInput` violation naming the column's header, the line and the column.
///
/// Values are trimmed of spaces and tabs (except a password, which is taken as written) and an
/// empty cell means "not given". A row never fails as a whole: its problems travel with the
/// request, so the rest of the file still plans.
struct RowMapper: Sendable {
    let layout: ColumnLayout
    /// The input's name for the request's source.
    let fileName: String
    /// The customer of rows without one (`--customer`).
    let defaultCustomerID: String?
    /// The usage location of rows without one (`--location`), already an alpha-2 code.
    let defaultLocation: String?
    /// Where the bound fields are, for ``RequestReader/columns``.
    let columns: [FieldColumn]

    init(layout: ColumnLayout, fileName: String, defaultCustomerID: String?, defaultLocation: String?) {
        self.layout = layout
        self.fileName = fileName
        self.defaultCustomerID = defaultCustomerID
        self.defaultLocation = defaultLocation
        columns = layout.bound.map { FieldColumn(field: $0.field.columnName, header: $0.column.header, column: $0.column.index + 1) }
            .sorted { $0.column < $1.column }
    }

    /// The request of a row, or `nil` when every cell is empty.
    /// - Parameters:
    ///   - fields: the row's values, in column order.
    ///   - line: the row's first physical line, from 1.
    func request(fields: [String], line: Int) -> UserRequest? {
        var row = IntakeRow(fields: fields, line: line, layout: layout)
        guard !row.isBlank else { return nil }

        var action = layout.format.defaultAction
        if let cell = row.cell(.action) {
            switch ValueParser.action(cell.text) {
            case .success(let parsed): action = parsed
            case .failure(let problem): row.report(problem, at: cell)
            }
        }
        var request = UserRequest(action: action, userPrincipalName: row.cell(.userPrincipalName)?.text ?? "",
                                  sources: [SourceLocation(file: fileName, line: line)])
        request.customerID = customer(&row)
        readIdentity(into: &request, from: &row)
        readAttributes(into: &request, from: &row)
        readLicenses(into: &request, from: &row)
        readPassword(into: &request, from: &row)
        row.reportValuesOutsideColumns()
        request.problems = row.problems
        return request
    }

    private func customer(_ row: inout IntakeRow) -> String? {
        if let cell = row.cell(.customer) { return cell.text }
        if let defaultCustomerID { return defaultCustomerID }
        row.report(.customer, "the row names no customer and no --customer was given",
                   fix: "fill the Customer cell, or pass --customer for rows without one")
        return nil
    }

    private func readIdentity(into request: inout UserRequest, from row: inout IntakeRow) {
        if let cell = row.cell(.objectID) {
            request.objectID = cell.text
            if UUID(uuidString: cell.text) == nil {
                row.report(ValueParser.Problem(message: "object id '\(cell.text)' is not a GUID",
                                               fix: "copy the object id from the deleted users list"), at: cell)
            }
        }
        if let cell = row.cell(.userPrincipalName) {
            row.check(IdentifierRules.checkUserPrincipalName(cell.text, field: cell.header), at: cell)
        } else if request.objectID == nil || ![.delete, .restore].contains(request.action) {
            let byObjectID = [.delete, .restore].contains(request.action) && layout[.objectID] != nil
            row.report(.userPrincipalName, byObjectID ? "user name or object id is required" : "user name is required")
        }
        if let cell = row.cell(.newUserPrincipalName) {
            if request.action != .restore {
                row.report(ValueParser.Problem(message: "a new user name applies only to the restore action",
                                               fix: "set Action to restore, or leave the cell empty"), at: cell)
            } else {
                row.check(IdentifierRules.checkUserPrincipalName(cell.text, field: cell.header), at: cell)
            }
            request.newUserPrincipalName = cell.text
        }
    }

    private func readAttributes(into request: inout UserRequest, from row: inout IntakeRow) {
        var patch = AttributePatch()
        if let cell = row.cell(.displayName) {
            patch.displayName = cell.text
            row.check(IdentifierRules.checkDisplayName(cell.text, field: cell.header), at: cell)
        } else if request.action == .create {
            row.report(.displayName, "display name is required to create a user")
        }
        for (field, path) in [(IntakeField.firstName, \AttributePatch.firstName), (.lastName, \.lastName)] {
            guard let cell = row.cell(field) else { continue }
            patch[keyPath: path] = cell.text
            let what = field == .firstName ? "first name" : "last name"
            row.check(IdentifierRules.checkLength(cell.text, max: IdentifierRules.maxName, what: what,
                                                  field: cell.header), at: cell)
        }
        if let cell = row.cell(.jobTitle) {
            patch.jobTitle = cell.text
            row.check(IdentifierRules.checkLength(cell.text, max: IdentifierRules.maxJobTitle, what: "job title",
                                                  field: cell.header), at: cell)
        }
        if let cell = row.cell(.department) {
            patch.department = cell.text
            row.check(IdentifierRules.checkLength(cell.text, max: IdentifierRules.maxDepartment, what: "department",
                                                  field: cell.header), at: cell)
        }
        if let cell = row.cell(.usageLocation) {
            if let code = CountryNames.code(forNameOrCode: cell.text) {
                patch.usageLocation = code
            } else {
                let closest = CountryNames.closestNames(to: cell.text)
                row.report(ValueParser.Problem(
                    message: "'\(cell.text)' is not an ISO 3166-1 alpha-2 country code or a country name",
                    fix: closest.isEmpty ? "use a two-letter code such as TW, DE or US"
                        : "did you mean \(closest.joined(separator: " or "))?"), at: cell)
            }
        } else {
            patch.usageLocation = defaultLocation
        }
        patch.accountEnabled = accountEnabled(&row)
        if let cell = row.cell(.roles) { patch.roles = roles(cell, &row) }
        request.attributes = patch
    }

    /// The roles of a `Roles` cell, by their display names; `none` alone means no roles.
    /// A name that is not a Microsoft Entra built-in role is a problem of the row.
    private func roles(_ cell: IntakeRow.Cell, _ row: inout IntakeRow) -> [String]? {
        let names = ValueParser.list(cell.text)
        switch ValueParser.none(in: names, what: "roles") {
        case .success(true): return []
        case .failure(let problem):
            row.report(problem, at: cell)
            return nil
        case .success(false): break
        }
        let resolved = DirectoryRole.resolve(names, field: cell.header)
        for violation in resolved.violations { row.check(violation, at: cell) }
        return resolved.names.isEmpty ? nil : resolved.names
    }

    private func accountEnabled(_ row: inout IntakeRow) -> Bool? {
        var enabled: Bool?
        if let cell = row.cell(.accountEnabled) {
            switch ValueParser.boolean(cell.text) {
            case .success(let value): enabled = value
            case .failure(let problem): row.report(problem, at: cell)
            }
        }
        if let cell = row.cell(.blockSignIn) {
            switch ValueParser.boolean(cell.text) {
            case .success(let blocked):
                if let enabled, enabled == blocked {
                    row.report(ValueParser.Problem(message: "blocking sign-in contradicts the account-enabled value",
                                                   fix: "fill only one of the two"), at: cell)
                }
                enabled = !blocked
            case .failure(let problem): row.report(problem, at: cell)
            }
        }
        return enabled
    }

    private func readLicenses(into request: inout UserRequest, from row: inout IntakeRow) {
        var licenses = row.cell(.licenses).map { ValueParser.licenses($0.text) } ?? []
        if let cell = row.cell(.licenses) {
            switch ValueParser.none(in: licenses.map(\.product), what: "products") {
            case .success(true):
                request.holdsNoLicenses = true
                licenses = []
            case .failure(let problem): row.report(problem, at: cell)
            case .success(false): break
            }
        }
        if let cell = row.cell(.disabledPlans) {
            for problem in ValueParser.attachDisabledPlans(cell.text, to: &licenses) {
                row.report(problem, at: cell)
            }
        }
        request.addLicenses = licenses
        guard let cell = row.cell(.removeLicenses) else { return }
        var seen = Set<String>()
        let adding = Set(licenses.map { $0.product.fastLowercased })
        for product in ValueParser.list(cell.text) where seen.insert(product.fastLowercased).inserted {
            request.removeLicenses.append(product)
            if adding.contains(product.fastLowercased) {
                row.report(ValueParser.Problem(message: "'\(product)' is both in Licenses and in RemoveLicenses",
                                               fix: "keep it in one of the two"), at: cell)
            }
        }
    }

    private func readPassword(into request: inout UserRequest, from row: inout IntakeRow) {
        guard let cell = row.cell(.initialPassword, trimmed: false) else { return }
        if let problem = TemporaryPassword.check(cell.text, field: cell.header) {
            row.check(problem, at: cell)
        } else {
            request.initialPassword = TemporaryPasswordInput(cell.text)
        }
    }
}
