import Foundation
import Provisioning
import Reports
@testable import Portal

/// Every page of the portal, rendered from a fixture full of hostile values (`<script>` and
/// quotes in names, departments, products, plans, the operator and the CSRF token).
enum AllPages {
    static func render(_ fixture: PortalFixture, role: OperatorRole = .adminAgent) throws -> [(name: String, html: String)] {
        let store = fixture.store
        try fixture.addUsers(3, licenses: ["SPE_E3"])
        try fixture.addUsers(3, from: 4)
        let deleted = try fixture.user("user006@contoso.com")
        try fixture.run(PortalRequests.delete([deleted]))
        let context = fixture.context(role)
        let frame = try fixture.frame()
        var pages: [(String, String)] = []
        pages.append(("customers", CustomersPage.render(try CustomersPageModel.load(directory: store, search: nil), context: context)))
        pages.append(("customers search", CustomersPage.render(try CustomersPageModel.load(directory: store, search: PortalFixture.hostile),
                                                               context: context)))
        let first = try fixture.user("user001@contoso.com"), second = try fixture.user("user005@contoso.com")
        let form = FormData([("sel", first.objectID), ("sel", second.objectID), ("filter", "department"),
                             ("value", "Dept " + PortalFixture.hostile), ("size", "25")])
        let users = try UsersPageModel.load(directory: store, customerID: "contoso", form: form, now: fixture.now)
        pages.append(("users", UsersPage.render(users, context: context)))
        let unknownFilter = try UsersPageModel.load(directory: store, customerID: "contoso",
                                                    form: FormData([("filter", PortalFixture.hostile), ("sort", PortalFixture.hostile)]),
                                                    now: fixture.now)
        pages.append(("users with problems", UsersPage.render(unknownFilter, context: context)))
        let deletedList = try UsersPageModel.load(directory: store, customerID: "contoso", form: FormData([("sel", deleted.objectID)]),
                                                  deleted: true, now: fixture.now.addingTimeInterval(40 * 86_400))
        pages.append(("deleted users", UsersPage.render(deletedList, context: context)))
        let manage = try ManageLicensesModel.load(directory: store, customerID: "contoso", form: form)
        pages.append(("manage licenses", ManageLicensesPage.render(manage, context: context,
                                                                   problems: [FieldProblem(field: "product.SPE_E3", PortalFixture.hostile)],
                                                                   deletedCount: frame.deletedCount)))
        let empty = try ManageLicensesModel.load(directory: store, customerID: "contoso", form: FormData())
        pages.append(("manage licenses, no selection", ManageLicensesPage.render(empty, context: context, deletedCount: 1)))
        let submission = ManageLicensesSubmission(FormData([("product.POWER_BI_PRO", "all")]), model: manage)
        let result = try fixture.run(submission.requests)
        pages.append(("licenses updated", LicensesUpdatedPage.render(reportHTML: result.reportHTML, frame: frame, context: context,
                                                                     credentialsLink: "/customers/contoso/credentials/x.eml")))
        let customer = frame.customer
        let products = try store.products(), seats = try store.seatUsage(customerID: "contoso")
        pages.append(("add user", AddUserPage.render(AddUserForm(licenses: ["SPE_E3"]), customer: customer, products: products,
                                                     seats: seats, context: context, deletedCount: 1)))
        let bad = AddUserForm(FormData([("userName", PortalFixture.hostile), ("displayName", ""), ("location", "<x>"),
                                        ("domain", "evil.com")]), customer: customer, products: products)
        pages.append(("add user with problems", AddUserPage.render(bad, customer: customer, products: products, seats: seats,
                                                                   context: context, deletedCount: 1)))
        let good = AddUserForm(FormData([("userName", "new.user"), ("displayName", "New " + PortalFixture.hostile),
                                         ("license", "EXCHANGESTANDARD")]), customer: customer, products: products)
        let created = try fixture.run([good.request])
        if let credential = created.credentials.first {
            pages.append(("add user confirmation", AddUserPage.confirmation(credential, licenses: good.licenses,
                                                                            reportHTML: created.reportHTML, customer: customer,
                                                                            context: context, deletedCount: 1,
                                                                            sheetLink: "/customers/contoso/credentials/a.eml")))
            pages.append(("password reset", ResetPasswordPage.done(credential, frame: frame, context: context, sheetLink: nil)))
        }
        pages.append(("reset password", ResetPasswordPage.confirm(first, frame: frame, context: context)))
        pages.append(("delete users", DeleteUsersPage.confirm([first, second], frame: frame, context: context)))
        pages.append(("delete nobody", DeleteUsersPage.confirm([], frame: frame, context: context)))
        pages.append(("restore users", DeleteUsersPage.confirmRestore([deleted], now: fixture.now.addingTimeInterval(40 * 86_400),
                                                                      frame: frame, context: context)))
        pages.append(("restore users in time", DeleteUsersPage.confirmRestore([deleted], now: fixture.now, frame: frame,
                                                                              context: context)))
        pages.append(("upload", UploadPage.render(frame: frame, context: context, maxBytes: 64 << 20,
                                                  problems: [FieldProblem(field: "file", PortalFixture.hostile)])))
        let preview = try PortalJob.run(submission.requests, customerID: "contoso", command: "users " + PortalFixture.hostile + ".csv",
                                        directory: store, settings: fixture.settings(), preview: true)
        let model = UploadPreviewModel(uploadID: "up\"1", fileName: PortalFixture.hostile + ".csv", delimiter: ";",
                                       encoding: "CP1252 (chosen)",
                                       input: InputSummary(format: .native, unusedColumns: [UnusedColumn(header: PortalFixture.hostile, column: 4, suggestions: [])],
                                                           warnings: [InputWarning(code: "strayQuote", line: 2, column: 1, message: PortalFixture.hostile)]),
                                       products: preview.summary.products + [ProductTotals(customerID: "contoso", partNumber: "SPE_E3",
                                                                                           displayName: PortalFixture.hostile, purchased: 3,
                                                                                           assignedBefore: 3, assignedAfter: 3, shortfall: 2)],
                                       reportHTML: preview.reportHTML, changes: 1)
        pages.append(("preview", UploadPage.preview(model, frame: frame, context: context,
                                                    problems: [FieldProblem(field: nil, PortalMessages.describe(
                                                        JobError.stalePlan(customerID: "contoso", planned: 1, current: 2)))])))
        var nothing = model
        nothing.changes = 0
        pages.append(("preview, nothing to commit", UploadPage.preview(nothing, frame: frame, context: context)))
        pages.append(("progress", UploadPage.progress(JobProgressModel(jobID: "j<1>", fileName: PortalFixture.hostile, state: .running,
                                                                       handled: 40, total: 100, message: PortalFixture.hostile),
                                                      frame: frame, context: context)))
        pages.append(("progress, unknown total", UploadPage.progress(JobProgressModel(jobID: "j", fileName: "a.csv", state: .queued,
                                                                                      handled: 0, total: nil),
                                                                     frame: frame, context: context)))
        let audit = AuditPageModel(operatorName: PortalFixture.hostile, batchID: nil,
                                   rows: [AuditPageModel.Row(at: "2026-11-01T00:00:00.000Z", batchID: PortalFixture.hostile,
                                                             operatorName: PortalFixture.hostile, role: "admin-agent", action: "assign",
                                                             userPrincipalName: "user001@contoso.com",
                                                             detail: "{\"x\":\"" + PortalFixture.hostile + "\"}")],
                                   paging: Paging(page: 2, total: 120, pageSize: 50))
        pages.append(("audit", AuditPage.render(audit, frame: frame, context: context)))
        return pages
    }
}
