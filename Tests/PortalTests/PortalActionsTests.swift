import Foundation
import Testing
import Provisioning
@testable import Portal

@Suite struct PortalActionsTests {
    @Test func saveLicensesRendersLicensesUpdatedOrTheFormWithItsProblems() throws {
        let fixture = try PortalFixture()
        try fixture.addUsers(2)
        let users = try [fixture.user("user001@contoso.com"), fixture.user("user002@contoso.com")]
        let selection = users.map { ("sel", $0.objectID) }
        let page = try PortalActions.saveLicenses(FormData(selection + [("product.EXCHANGESTANDARD", "all"), ("csrf-token", "t")]),
                                                  customerID: "contoso", directory: fixture.store, context: fixture.context(),
                                                  settings: fixture.settings())
        #expect(page.contains("<h1>Licenses updated</h1>"))
        #expect(HTMLChecker.problems(page).isEmpty, "\(HTMLChecker.problems(page))")
        #expect(try fixture.user("user002@contoso.com").license("EXCHANGESTANDARD") != nil)
        let again = try PortalActions.saveLicenses(FormData(selection + [("product.EXCHANGESTANDARD", "maybe")]),
                                                   customerID: "contoso", directory: fixture.store, context: fixture.context(),
                                                   settings: fixture.settings())
        #expect(again.contains("There is a problem"))
        #expect(again.contains("<h1>Manage licenses</h1>"))
    }

    @Test func aRunRefusedBeforeItStartsChangesNothing() throws {
        let fixture = try PortalFixture()
        try fixture.addUsers(1)
        let user = try fixture.user("user001@contoso.com")
        let lock = try fixture.store.lock(customerID: "contoso", holder: "another job", wait: 0)
        defer { lock.release() }
        #expect(throws: LockBusy.self) {
            try PortalActions.saveLicenses(FormData([("sel", user.objectID), ("product.SPE_E3", "all")]), customerID: "contoso",
                                           directory: fixture.store, context: fixture.context(), settings: fixture.settings())
        }
        #expect(try fixture.user("user001@contoso.com").licenses.isEmpty)
    }

    @Test func addUserKeepsTheSheetAndShowsThePasswordOnce() throws {
        let fixture = try PortalFixture()
        var kept: [IssuedCredential] = []
        let page = try PortalActions.addUser(FormData([("userName", "ann"), ("displayName", "Ann"), ("license", "SPE_E3")]),
                                             customerID: "contoso", directory: fixture.store, context: fixture.context(),
                                             settings: fixture.settings(), keepSheet: { kept = $0; return "/customers/contoso/credentials/k.eml" })
        let credential = try #require(kept.first)
        #expect(page.contains(credential.password.reveal()))
        #expect(page.contains("/customers/contoso/credentials/k.eml"))
        #expect(HTMLChecker.problems(page).isEmpty, "\(HTMLChecker.problems(page))")
        // The same name again: the planner's UniquenessViolation comes back on the form.
        let taken = try PortalActions.addUser(FormData([("userName", "ann"), ("displayName", "Ann")]), customerID: "contoso",
                                              directory: fixture.store, context: fixture.context(), settings: fixture.settings(),
                                              keepSheet: { _ in Issue.record("no sheet for a failed create"); return nil })
        #expect(taken.contains("There is a problem"))
        #expect(taken.contains("<a href=\"#f-userName\">"))
    }

    @Test func forbiddenActionsAreRefusedBeforeAnythingRuns() throws {
        let fixture = try PortalFixture()
        try fixture.addUsers(1)
        let user = try fixture.user("user001@contoso.com")
        let helpdesk = fixture.context(.helpdeskAgent), sales = fixture.context(.salesAgent)
        #expect(throws: PortalError.self) {
            try PortalActions.addUser(FormData([("userName", "bob"), ("displayName", "Bob")]), customerID: "contoso",
                                      directory: fixture.store, context: helpdesk, settings: fixture.settings(.helpdeskAgent),
                                      keepSheet: { _ in nil })
        }
        #expect(throws: PortalError.self) {
            try PortalActions.deleteUsers(FormData([("sel", user.objectID)]), customerID: "contoso", directory: fixture.store,
                                          context: helpdesk, settings: fixture.settings(.helpdeskAgent))
        }
        #expect(throws: PortalError.self) {
            try PortalActions.resetPassword(objectID: user.objectID, customerID: "contoso", directory: fixture.store, context: sales,
                                            settings: fixture.settings(.salesAgent), keepSheet: { _ in nil })
        }
        #expect(try fixture.store.users(customerID: "contoso", principalNames: ["bob@contoso.com"]).isEmpty)
        #expect(try fixture.user("user001@contoso.com").isDeleted == false)
    }

    @Test func resetDeleteAndRestoreThroughTheActions() throws {
        let fixture = try PortalFixture()
        try fixture.addUsers(2)
        let user = try fixture.user("user001@contoso.com")
        #expect(throws: PortalError.notFound("the user")) {
            try PortalActions.confirmReset(objectID: "../../etc/passwd", customerID: "contoso", directory: fixture.store,
                                           context: fixture.context())
        }
        let confirm = try PortalActions.confirmReset(objectID: user.objectID, customerID: "contoso", directory: fixture.store,
                                                     context: fixture.context())
        #expect(confirm.contains("Give <strong>"))
        let done = try PortalActions.resetPassword(objectID: user.objectID.uppercased(), customerID: "contoso", directory: fixture.store,
                                                   context: fixture.context(), settings: fixture.settings(), keepSheet: { _ in nil })
        #expect(done.contains("<h1>Password reset</h1>"))
        let deleted = try PortalActions.deleteUsers(FormData([("sel", user.objectID)]), customerID: "contoso", directory: fixture.store,
                                                    context: fixture.context(), settings: fixture.settings())
        #expect(deleted.contains("Deleted users (1)"))
        let restored = try PortalActions.restoreUsers(FormData([("sel", user.objectID)]), customerID: "contoso",
                                                      directory: fixture.store, context: fixture.context(), settings: fixture.settings())
        #expect(restored.contains("Deleted users (0)"))
        #expect(try fixture.user("user001@contoso.com").isDeleted == false)
        let nobody = try PortalActions.deleteUsers(FormData([("sel", "bogus")]), customerID: "contoso", directory: fixture.store,
                                                   context: fixture.context(), settings: fixture.settings())
        #expect(nobody.contains("No users selected"))
    }
}

@Suite struct PortalPagesTests {
    @Test func getRoutesRenderAndRefuseWhatTheRoleMayNotDo() throws {
        let fixture = try PortalFixture()
        try fixture.addUsers(2)
        let user = try fixture.user("user001@contoso.com")
        let admin = fixture.context(), helpdesk = fixture.context(.helpdeskAgent)
        let store = fixture.store
        let pages = [
            try PortalPages.customers(FormData.parse("q=cont"), directory: store, context: admin),
            try PortalPages.users(FormData.parse("sel=\(user.objectID)&page=7"), customerID: "CONTOSO", directory: store,
                                  context: admin, now: fixture.now),
            try PortalPages.users(FormData(), customerID: "contoso", deleted: true, directory: store, context: admin, now: fixture.now),
            try PortalPages.manageLicenses(FormData.parse("sel=\(user.objectID)"), customerID: "contoso", directory: store, context: admin),
            try PortalPages.addUser(FormData.parse("license=SPE_E3&license=NOPE"), customerID: "contoso", directory: store, context: admin),
            try PortalPages.confirmDelete(FormData.parse("sel=\(user.objectID)"), customerID: "contoso", directory: store, context: admin),
            try PortalPages.confirmRestore(FormData(), customerID: "contoso", directory: store, context: admin, now: fixture.now),
            try PortalPages.upload(customerID: "contoso", directory: store, context: admin, maxBytes: 1 << 26),
            try PortalPages.audit(AuditPageModel(operatorName: nil, batchID: nil, rows: [], paging: Paging(page: 1, total: 0, pageSize: 50)),
                                  customerID: "contoso", directory: store, context: admin),
        ]
        for page in pages { #expect(HTMLChecker.problems(page).isEmpty, "\(HTMLChecker.problems(page))") }
        #expect(pages[4].contains("name=\"license\" value=\"SPE_E3\" checked"))
        #expect(!pages[4].contains("NOPE"))
        #expect(throws: PortalError.self) {
            try PortalPages.confirmDelete(FormData(), customerID: "contoso", directory: store, context: helpdesk)
        }
        #expect(throws: PortalError.self) {
            try PortalPages.addUser(FormData(), customerID: "contoso", directory: store, context: helpdesk)
        }
        #expect(throws: PortalError.unknownCustomer("nobody")) {
            try PortalPages.manageLicenses(FormData(), customerID: "nobody", directory: store, context: admin)
        }
    }
}
