import Foundation
import Testing
import Provisioning
import Reports
@testable import Portal

@Suite struct UserLifecycleTests {
    @Test func addUserMakesTheRequestOfUsersCreateAndShowsThePasswordOnce() throws {
        let fixture = try PortalFixture()
        let customer = try fixture.frame().customer
        let products = try fixture.store.products()
        let form = AddUserForm(FormData([("userName", "mei.lin"), ("domain", "contoso.com"), ("firstName", "Mei"), ("lastName", "Lin"),
                                         ("displayName", "Mei Lin"), ("location", "tw"), ("role", "Helpdesk Administrator"),
                                         ("role", "<script>"), ("license", "SPE_E3"), ("license", "NOPE")]),
                               customer: customer, products: products)
        #expect(form.problems.isEmpty)
        #expect(form.request == UserRequest(action: .create, userPrincipalName: "mei.lin@contoso.com",
                                            attributes: AttributePatch(displayName: "Mei Lin", firstName: "Mei", lastName: "Lin",
                                                                       usageLocation: "TW", roles: ["Helpdesk Administrator"]),
                                            addLicenses: [LicenseRequest(product: "SPE_E3")], sources: [AddUserForm.source]))
        let result = try fixture.run([form.request])
        #expect(result.summary.count(.succeeded) == 1)
        let credential = try #require(result.credentials.first)
        #expect(try fixture.user("mei.lin@contoso.com").license("SPE_E3") != nil)
        let page = AddUserPage.confirmation(credential, licenses: form.licenses, reportHTML: result.reportHTML, customer: customer,
                                            context: fixture.context(), deletedCount: 0, sheetLink: "/customers/contoso/credentials/s1.eml")
        let password = credential.password.reveal()
        #expect(page.components(separatedBy: password).count == 2, "the password is on the page exactly once")
        #expect(!result.reportHTML.contains(password))
        #expect(page.contains("<a href=\"/customers/contoso/users/new?license=SPE_E3\" class=\"button\">Add another user</a>"))
        #expect(page.contains("/customers/contoso/credentials/s1.eml"))
        // "Add another user" keeps the licenses.
        let again = AddUserForm(licenses: FormData.parse("license=SPE_E3").all("license"))
        let formPage = AddUserPage.render(again, customer: customer, products: products,
                                          seats: try fixture.store.seatUsage(customerID: "contoso"), context: fixture.context(), deletedCount: 0)
        #expect(formPage.contains("name=\"license\" value=\"SPE_E3\" checked"))
        // The .eml sheet.
        let eml = String(decoding: try PortalCredentialSheet.message(result.credentials, recipient: try MailAddress("it@contoso.com"),
                                                                     date: fixture.now, random: RandomSource(SeededGenerator(seed: 1)),
                                                                     temporaryDirectory: fixture.folder), as: UTF8.self)
        #expect(eml.contains("To: it@contoso.com"))
        #expect(eml.contains("multipart/alternative"))
    }

    @Test func addUserProblemsAreTiedToTheirFields() throws {
        let fixture = try PortalFixture()
        let customer = try fixture.frame().customer
        let form = AddUserForm(FormData([("userName", "a@b"), ("domain", "evil.com"), ("location", "Taiwan")]),
                               customer: customer, products: [])
        #expect(form.problems.map(\.field) == ["userName", "domain", "displayName", "location"])
        // The planner's own checks come back on the form too.
        let taken = AddUserForm(FormData([("userName", "x."), ("displayName", "X")]), customer: customer, products: [])
        let result = try fixture.run([taken.request])
        var shown = taken
        shown.addProblems(result.outcomes.flatMap(\.errors))
        #expect(shown.problems.contains { $0.field == "userName" })
        let html = AddUserPage.render(shown, customer: customer, products: [], seats: [], context: fixture.context(), deletedCount: 0)
        #expect(html.contains("<a href=\"#f-userName\">"))
        #expect(html.contains("aria-invalid=\"true\""))
    }

    @Test func resetDeleteAndRestoreRunThroughTheJob() throws {
        let fixture = try PortalFixture()
        try fixture.addUsers(2, licenses: ["SPE_E3"])
        let user = try fixture.user("user001@contoso.com")
        let reset = try fixture.run(PortalRequests.resetPassword([user]))
        #expect(reset.credentials.map(\.userPrincipalName) == ["user001@contoso.com"])
        try fixture.run(PortalRequests.delete([user]))
        #expect(try fixture.store.users(customerID: "contoso", objectIDs: [user.objectID]).first?.isDeleted == true)
        // Meanwhile the seat is taken: the restore brings the user back without it, and says what to buy.
        try fixture.addUsers(2, licenses: ["SPE_E3"], from: 3)
        let restored = try fixture.run(PortalRequests.restore([user]))
        let outcome = try #require(restored.outcomes.first)
        #expect(outcome.errors.map(\.code).contains(.countViolation) || outcome.status == .succeeded)
        #expect(try fixture.user("user001@contoso.com").license("SPE_E3") == nil)
        #expect(restored.reportHTML.contains("user001@<wbr>contoso.com"))
    }

    @Test func restorePastTheWindowIsRefusedByThePlannerAndExplainedOnThePage() throws {
        let fixture = try PortalFixture()
        try fixture.addUsers(1)
        let user = try fixture.user("user001@contoso.com")
        try fixture.run(PortalRequests.delete([user]))
        fixture.now = fixture.now.addingTimeInterval(31 * 86_400)
        let deleted = try Selection(objectIDs: [user.objectID]).users(in: fixture.store, customerID: "contoso", deleted: true)
        let page = DeleteUsersPage.confirmRestore(deleted, now: fixture.now, frame: try fixture.frame(.deleted), context: fixture.context())
        #expect(page.contains("cannot be restored"))
        #expect(page.contains("No restorable users are selected"))
        #expect(HTMLChecker.postForms(page).filter { !$0.contains("action=\"/logout\"") }.isEmpty)
        let result = try fixture.run(PortalRequests.restore(deleted))
        #expect(result.outcomes.first?.errors.first?.code == .restoreWindowExpired)
    }

    @Test func jobRefusalsAreSaidInThePortalsWords() {
        let stale = PortalMessages.describe(JobError.stalePlan(customerID: "c", planned: 1, current: 2))
        #expect(stale.contains("Re-run the preview"))
        let busy = PortalMessages.describe(LockBusy(customerID: "c", holder: "x"))
        #expect(!busy.contains("--"))
        #expect(!stale.contains("--"))
    }
}
