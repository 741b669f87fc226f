import Foundation
import Provisioning

/// The pages' POST actions, whole: check the role (``PortalRequests/require(_:_:)``), read the
/// form against the directory as it is now, make the requests, run them through
/// ``PortalJob`` and render the next page. The server calls one of these per route once the
/// session and its CSRF token are checked, and renders ``ErrorPage`` for what they throw.
///
/// `keepSheet` receives the passwords a run issued (create, reset) and returns the link of
/// the `.eml` sheet it keeps for one download (``PortalCredentialSheet``), or `nil`.
public enum PortalActions {
    /// Makes the download link of a run's credentials sheet, or `nil` when none is kept.
    public typealias KeepSheet = ([IssuedCredential]) throws -> String?

    /// "Manage licenses" → Save: the form again with its problems, or "Licenses updated".
    /// - Throws: ``PortalError``, ``JobError``, ``LockBusy``, the store's errors.
    public static func saveLicenses(_ form: FormData, customerID: String, directory: any Directory & JobLedger,
                                    context: PageContext, settings: PortalJob.Settings) throws -> String {
        let model = try ManageLicensesModel.load(directory: directory, customerID: customerID, form: form)
        let submission = ManageLicensesSubmission(form, model: model)
        let frame = try PageLayout.CustomerFrame.load(directory: directory, customerID: customerID, tab: .users)
        guard submission.problems.isEmpty else {
            return ManageLicensesPage.render(model, context: context, problems: submission.problems, deletedCount: frame.deletedCount)
        }
        let result = try PortalJob.run(submission.requests, customerID: model.customer.id, command: ManageLicensesSubmission.source.file,
                                       directory: directory, settings: settings)
        return LicensesUpdatedPage.render(reportHTML: result.reportHTML, frame: frame, context: context)
    }

    /// "Add user" → the form again with its problems (the form's and the planner's), or the
    /// confirmation with the temporary password once.
    public static func addUser(_ form: FormData, customerID: String, directory: any Directory & JobLedger, context: PageContext,
                               settings: PortalJob.Settings, keepSheet: KeepSheet) throws -> String {
        try PortalRequests.require(.createUser, context)
        let frame = try PageLayout.CustomerFrame.load(directory: directory, customerID: customerID, tab: .addUser)
        let customer = frame.customer
        let products = try directory.products()
        var input = AddUserForm(form, customer: customer, products: products)
        func again() throws -> String {
            AddUserPage.render(input, customer: customer, products: products, seats: try directory.seatUsage(customerID: customer.id),
                               context: context, deletedCount: frame.deletedCount)
        }
        guard input.problems.isEmpty else { return try again() }
        let result = try PortalJob.run([input.request], customerID: customer.id, command: AddUserForm.source.file,
                                       directory: directory, settings: settings)
        guard let credential = result.credentials.first else {
            input.addProblems(result.outcomes.flatMap(\.errors))
            if input.problems.isEmpty { input.problems.append(FieldProblem(field: nil, "The user was not added.")) }
            return try again()
        }
        return AddUserPage.confirmation(credential, licenses: input.licenses, reportHTML: result.reportHTML, customer: customer,
                                        context: context, deletedCount: frame.deletedCount, sheetLink: try keepSheet(result.credentials))
    }

    /// "Reset password" → the new password once, or "Licenses updated" with the refusal
    /// (the helpdesk rule is the planner's, per user).
    public static func resetPassword(objectID: String, customerID: String, directory: any Directory & JobLedger,
                                     context: PageContext, settings: PortalJob.Settings, keepSheet: KeepSheet) throws -> String {
        try PortalRequests.require(.resetPassword, context)
        let frame = try PageLayout.CustomerFrame.load(directory: directory, customerID: customerID, tab: .users)
        let user = try self.user(objectID, customerID: frame.customer.id, directory: directory)
        let result = try PortalJob.run(PortalRequests.resetPassword([user]), customerID: frame.customer.id,
                                       command: "portal: reset password", directory: directory, settings: settings)
        guard let credential = result.credentials.first else {
            return LicensesUpdatedPage.render(reportHTML: result.reportHTML, frame: frame, context: context)
        }
        return ResetPasswordPage.done(credential, frame: frame, context: context, sheetLink: try keepSheet(result.credentials))
    }

    /// "Delete users" → "Licenses updated" for the selection.
    public static func deleteUsers(_ form: FormData, customerID: String, directory: any Directory & JobLedger,
                                   context: PageContext, settings: PortalJob.Settings) throws -> String {
        try PortalRequests.require(.deleteUser, context)
        return try run(form, deleted: false, customerID: customerID, directory: directory, context: context, settings: settings,
                       command: "portal: delete users", PortalRequests.delete)
    }

    /// "Restore users" → "Licenses updated" for the selection (licenses where seats allow;
    /// users past the window fail with `RestoreWindowExpired`).
    public static func restoreUsers(_ form: FormData, customerID: String, directory: any Directory & JobLedger,
                                    context: PageContext, settings: PortalJob.Settings) throws -> String {
        try PortalRequests.require(.restoreUser, context)
        return try run(form, deleted: true, customerID: customerID, directory: directory, context: context, settings: settings,
                       command: "portal: restore users", PortalRequests.restore)
    }

    /// The confirmation page of "Reset password" (GET), for a user of the customer.
    public static func confirmReset(objectID: String, customerID: String, directory: Directory, context: PageContext) throws -> String {
        try PortalRequests.require(.resetPassword, context)
        let frame = try PageLayout.CustomerFrame.load(directory: directory, customerID: customerID, tab: .users)
        return ResetPasswordPage.confirm(try user(objectID, customerID: frame.customer.id, directory: directory),
                                         frame: frame, context: context)
    }

    private static func run(_ form: FormData, deleted: Bool, customerID: String, directory: any Directory & JobLedger,
                            context: PageContext, settings: PortalJob.Settings, command: String,
                            _ requests: ([User]) -> [UserRequest]) throws -> String {
        let frame = try PageLayout.CustomerFrame.load(directory: directory, customerID: customerID, tab: deleted ? .deleted : .users)
        let users = try Selection.parse(form).users(in: directory, customerID: frame.customer.id, deleted: deleted)
        guard !users.isEmpty else {
            return ErrorPage.render(title: "No users selected", message: "Select at least one user first.", context: context, frame: frame)
        }
        let result = try PortalJob.run(requests(users), customerID: frame.customer.id, command: command, directory: directory,
                                       settings: settings)
        let after = try PageLayout.CustomerFrame.load(directory: directory, customerID: customerID, tab: frame.tab)
        return LicensesUpdatedPage.render(reportHTML: result.reportHTML, frame: after, context: context)
    }

    private static func user(_ objectID: String, customerID: String, directory: Directory) throws -> User {
        guard Selection.isObjectID(objectID),
              let user = try directory.users(customerID: customerID, objectIDs: [objectID.lowercased()])
                  .first(where: { !$0.isDeleted && $0.customerID == customerID }) else {
            throw PortalError.notFound("the user")
        }
        return user
    }
}
