import Foundation
import Testing
import Provisioning
@testable import Portal

@Suite struct ManageLicensesTests {
    /// user001-002 hold SPE_E3 (user002 with TEAMS1 disabled), user003 holds nothing.
    static func setUp() throws -> (PortalFixture, [User]) {
        let fixture = try PortalFixture()
        try fixture.addUsers(3)
        try fixture.run([
            UserRequest(action: .update, userPrincipalName: "user001@contoso.com", addLicenses: [LicenseRequest(product: "SPE_E3")]),
            UserRequest(action: .update, userPrincipalName: "user002@contoso.com",
                        addLicenses: [LicenseRequest(product: "SPE_E3", disabledPlans: ["TEAMS1"])]),
        ])
        let users = try (1...3).map { try fixture.user(String(format: "user%03d@contoso.com", $0)) }
        return (fixture, users)
    }

    static func model(_ fixture: PortalFixture, _ users: [User]) throws -> ManageLicensesModel {
        try ManageLicensesModel.load(directory: fixture.store, customerID: "contoso",
                                     form: FormData(users.map { ("sel", $0.objectID) }))
    }

    @Test func triStatePerProductWithHoldersAndSeats() throws {
        let (fixture, users) = try Self.setUp()
        let model = try Self.model(fixture, users)
        let e3 = try #require(model.rows.first { $0.product.partNumber == "SPE_E3" })
        #expect(e3.state == .some)
        #expect(e3.holders.map(\.userPrincipalName) == ["user001@contoso.com", "user002@contoso.com"])
        #expect(e3.seats.available == 1)
        #expect(e3.commonDisabledPlans.isEmpty)
        #expect(try #require(model.rows.first { $0.product.partNumber == "POWER_BI_PRO" }).state == .none)
        let two = try Self.model(fixture, Array(users.prefix(2)))
        let both = try #require(two.rows.first { $0.product.partNumber == "SPE_E3" })
        #expect(both.state == .all)
        let html = ManageLicensesPage.render(model, context: fixture.context(), deletedCount: 0)
        #expect(html.contains("<span class=\"tri some\" aria-hidden=\"true\"></span>2 of 3 selected users have it"))
        #expect(html.contains("<summary>Assigned (2)</summary>"))
        #expect(html.contains("name=\"product.SPE_E3\" value=\"keep\" checked"))
        #expect(html.contains("name=\"product.POWER_BI_PRO\" value=\"none\" checked"))
        #expect(!html.contains("Buy more"))
    }

    @Test func buyMoreWhereNoneAreLeft() throws {
        let (fixture, users) = try Self.setUp()
        try fixture.run([UserRequest(action: .update, userPrincipalName: "user003@contoso.com",
                                     addLicenses: [LicenseRequest(product: "POWER_BI_PRO")])])
        let html = ManageLicensesPage.render(try Self.model(fixture, users), context: fixture.context(), deletedCount: 0)
        #expect(html.contains("<a href=\"/customers/contoso/seats\" class=\"buy\">Buy more</a>"))
    }

    @Test func submissionMakesTheRequestsOfAssignAndRevoke() throws {
        let (fixture, users) = try Self.setUp()
        let model = try Self.model(fixture, users)
        let form = FormData([("product.POWER_BI_PRO", "all"), ("product.SPE_E3", "none"), ("product.EXCHANGESTANDARD", "keep"),
                             ("product.UNKNOWN", "all")])
        let submission = ManageLicensesSubmission(form, model: model)
        #expect(submission.problems.isEmpty)
        #expect(submission.requests.map(\.userPrincipalName) == users.map(\.userPrincipalName))
        for request in submission.requests {
            #expect(request.action == .update)
            #expect(request.addLicenses == [LicenseRequest(product: "POWER_BI_PRO")])
            #expect(request.removeLicenses == ["SPE_E3"])
            #expect(request.sources == [ManageLicensesSubmission.source])
        }
    }

    @Test func holdersKeepTheirPlansUnlessThePlansWereChanged() throws {
        let (fixture, users) = try Self.setUp()
        let model = try Self.model(fixture, users)
        // All, plans shown and left as they were (every plan ticked): user002 keeps TEAMS1 off.
        let unchanged = ManageLicensesSubmission(FormData([("product.SPE_E3", "all"), ("plans.SPE_E3", "1"),
                                                           ("plan.SPE_E3", "EXCHANGE_S_ENTERPRISE"), ("plan.SPE_E3", "TEAMS1")]),
                                                 model: model)
        #expect(unchanged.requests.map(\.addLicenses) == [
            [LicenseRequest(product: "SPE_E3")], [LicenseRequest(product: "SPE_E3", disabledPlans: ["TEAMS1"])],
            [LicenseRequest(product: "SPE_E3")],
        ])
        // Teams unticked: disabled for everyone.
        let changed = ManageLicensesSubmission(FormData([("product.SPE_E3", "all"), ("plans.SPE_E3", "1"),
                                                         ("plan.SPE_E3", "EXCHANGE_S_ENTERPRISE")]), model: model)
        #expect(changed.requests.allSatisfy { $0.addLicenses == [LicenseRequest(product: "SPE_E3", disabledPlans: ["TEAMS1"])] })
    }

    @Test func hostileChoicesAreProblemsAndAnEmptySelectionIsRefused() throws {
        let (fixture, users) = try Self.setUp()
        let bad = ManageLicensesSubmission(FormData([("product.SPE_E3", "<script>")]), model: try Self.model(fixture, users))
        #expect(bad.problems.map(\.field) == ["product.SPE_E3"])
        let none = ManageLicensesSubmission(FormData(), model: try Self.model(fixture, []))
        #expect(none.requests.isEmpty && none.problems.count == 1)
    }

    @Test func saveRunsTheJobAndTheBoxesFollow() throws {
        let (fixture, users) = try Self.setUp()
        let model = try Self.model(fixture, users)
        // One seat of SPE_E3 left: user003 gets it; Power BI has one seat for three users.
        let submission = ManageLicensesSubmission(FormData([("product.SPE_E3", "all"), ("product.POWER_BI_PRO", "all")]), model: model)
        let result = try fixture.run(submission.requests, command: "portal: manage licenses")
        #expect(result.summary.count(.failed) == 2)
        #expect(result.outcomes.flatMap(\.errors).map(\.code).contains(.countViolation))
        #expect(result.reportHTML.contains("CountViolation"))
        // Atomic per user: user003 got neither (Power BI did not fit), user001 got Power BI.
        let after = try Self.model(fixture, users)
        #expect(after.rows.first { $0.product.partNumber == "POWER_BI_PRO" }?.holders.map(\.userPrincipalName) == ["user001@contoso.com"])
        let e3 = try #require(after.rows.first { $0.product.partNumber == "SPE_E3" })
        #expect(e3.state == .some)
        // Remove E3 from all: the box clears.
        let revoke = ManageLicensesSubmission(FormData([("product.SPE_E3", "none")]), model: after)
        let revoked = try fixture.run(revoke.requests)
        #expect(revoked.summary.count(.failed) == 0)
        #expect(try Self.model(fixture, users).rows.first { $0.product.partNumber == "SPE_E3" }?.state == TriState.none)
    }

    @Test func aWeakerRoleSeesLessAndIsRefusedByTheSameCode() throws {
        let (fixture, users) = try Self.setUp()
        let helpdesk = fixture.context(.helpdeskAgent)
        let list = try UsersPageModel.load(directory: fixture.store, customerID: "contoso", form: FormData(), now: fixture.now)
        let html = UsersPage.render(list, context: helpdesk)
        #expect(!html.contains("Delete selected users"))
        #expect(!html.contains(">Add user</a>"))
        #expect(html.contains("Manage licenses"))
        #expect(UsersPage.render(list, context: fixture.context()).contains("Delete selected users"))
        // A forged POST is refused before anything runs…
        #expect(throws: PortalError.self) { try PortalRequests.require(.deleteUser, helpdesk) }
        #expect(throws: Never.self) { try PortalRequests.require(.resetPassword, helpdesk) }
        // …and the planner refuses it too, per user, as for the command line.
        let result = try fixture.run(PortalRequests.delete([users[0]]), role: .helpdeskAgent)
        #expect(result.outcomes.first?.errors.first?.code == .permissionDenied)
        #expect(try fixture.user("user001@contoso.com").isDeleted == false)
        // Helpdesk may reset a non-admin's password, not an administrator's: the link follows.
        try fixture.run([UserRequest(action: .update, userPrincipalName: "user003@contoso.com",
                                     attributes: AttributePatch(roles: ["User Administrator"]))])
        let again = try UsersPageModel.load(directory: fixture.store, customerID: "contoso", form: FormData(), now: fixture.now)
        let page = UsersPage.render(again, context: helpdesk)
        #expect(page.contains(PortalPaths.resetPassword("contoso", objectID: users[0].objectID)))
        #expect(!page.contains(PortalPaths.resetPassword("contoso", objectID: users[2].objectID)))
        let reset = try fixture.run(PortalRequests.resetPassword([users[2]]), role: .helpdeskAgent)
        #expect(reset.outcomes.first?.errors.first?.code == .permissionDenied)
        #expect(reset.credentials.isEmpty)
    }
}
