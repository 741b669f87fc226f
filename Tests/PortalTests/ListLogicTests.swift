import Foundation
import Testing
import Provisioning
@testable import Portal

@Suite struct ListLogicTests {
    @Test(arguments: [
        (0, 3, TriState.none), (3, 3, .all), (1, 3, .some), (2, 3, .some), (0, 0, .none), (1, 1, .all), (5, 3, .all),
    ])
    func triState(holders: Int, selected: Int, expected: TriState) {
        #expect(TriState(holders: holders, selected: selected) == expected)
    }

    @Test func triStateWords() {
        #expect(TriState.some.words(holders: 2, selected: 5) == "2 of 5 selected users have it")
        #expect(TriState.all.words(holders: 5, selected: 5) == "All 5 selected users have it")
        #expect(TriState.none.words(holders: 0, selected: 1) == "The selected user does not have it")
    }

    @Test func pagingOfNoItemsIsOnePageWithNowhereToGo() {
        let paging = Paging(page: 1, total: 0, pageSize: 50)
        #expect(paging.pageCount == 1)
        #expect(paging.first == nil && paging.previous == nil && paging.next == nil && paging.last == nil)
        #expect(paging.summary(noun: "users") == "No users")
        #expect(paging.shown == 0...0)
    }

    @Test func pagingOnTheLastPage() {
        let paging = Paging(page: 3, total: 120, pageSize: 50)
        #expect(paging.first == 1 && paging.previous == 2 && paging.next == nil && paging.last == nil)
        #expect(paging.summary(noun: "users") == "Showing 101–120 of 120 users")
    }

    @Test func pagingInTheMiddle() {
        let paging = Paging(page: 2, total: 120, pageSize: 50)
        #expect(paging.first == 1 && paging.previous == 1 && paging.next == 3 && paging.last == 3)
    }

    @Test(arguments: [(99, 3), (0, 1), (-5, 1), (2, 2)])
    func pageOutOfRangeIsClamped(requested: Int, expected: Int) {
        #expect(Paging(page: requested, total: 101, pageSize: 50).page == expected)
    }

    @Test(arguments: [("abc", 1), ("-3", 1), ("", 1), ("4", 4), ("99999999999999999999", 999_999_999_999)])
    func requestedPageFromHostileText(text: String, expected: Int) {
        #expect(Paging.requestedPage(text) == expected)
    }

    @Test func usersPageOutOfRangeShowsTheLastPage() throws {
        let fixture = try PortalFixture()
        try fixture.addUsers(30)
        let model = try UsersPageModel.load(directory: fixture.store, customerID: "contoso",
                                            form: FormData([("page", "99"), ("size", "25")]), now: fixture.now)
        #expect(model.paging.page == 2)
        #expect(model.users.count == 5)
        #expect(model.users.first?.userPrincipalName == "user026@contoso.com")
        let html = UsersPage.render(model, context: fixture.context())
        #expect(html.contains("Showing 26–30 of 30 users"))
        #expect(html.contains("<span class=\"disabled\">Next</span>"))
        #expect(html.contains("name=\"page\" value=\"1\" aria-label=\"First page (1)\""))
    }

    @Test func usersPageWithNoUsers() throws {
        let fixture = try PortalFixture()
        let model = try UsersPageModel.load(directory: fixture.store, customerID: "contoso", form: FormData(), now: fixture.now)
        #expect(model.users.isEmpty && model.paging.pageCount == 1)
        let html = UsersPage.render(model, context: fixture.context())
        #expect(html.contains("No users match."))
        for word in ["First", "Previous", "Next", "Last"] { #expect(html.contains("<span class=\"disabled\">\(word)</span>")) }
    }

    @Test func usersPageFiltersAndSorts() throws {
        let fixture = try PortalFixture()
        try fixture.addUsers(3, licenses: ["SPE_E3"])
        try fixture.addUsers(2, from: 4)
        func load(_ pairs: [(String, String)]) throws -> UsersPageModel {
            try UsersPageModel.load(directory: fixture.store, customerID: "contoso", form: FormData(pairs), now: fixture.now)
        }
        #expect(try load([("filter", "unlicensed")]).users.map(\.userPrincipalName) == ["user004@contoso.com", "user005@contoso.com"])
        #expect(try load([("filter", "product:SPE_E3")]).paging.total == 3)
        #expect(try load([("filter", "location"), ("value", "tw")]).paging.total == 5)
        #expect(try load([("filter", "location"), ("value", "TW")]).listQuery.filterValue == "TW")
        let bad = try load([("filter", "location"), ("value", "Taiwan")])
        #expect(bad.listQuery.problems.map(\.field) == ["value"])
        #expect(bad.paging.total == 5)
        #expect(try load([("filter", "department"), ("value", "Dept " + PortalFixture.hostile)]).paging.total == 5)
        #expect(try load([("filter", "product:NOPE")]).listQuery.problems.map(\.field) == ["filter"])
        let sorted = try load([("sort", "upn"), ("sortBy", "name")])
        #expect(sorted.listQuery.query.sort == .displayName)
    }

    @Test func deletedTabCountsAndShowsWhoCannotComeBack() throws {
        let fixture = try PortalFixture()
        try fixture.addUsers(2)
        try fixture.run(PortalRequests.delete([try fixture.user("user001@contoso.com")]))
        let later = fixture.now.addingTimeInterval(31 * 86_400)
        let model = try UsersPageModel.load(directory: fixture.store, customerID: "contoso", form: FormData(), deleted: true, now: later)
        #expect(model.deletedCount == 1)
        #expect(model.users.count == 1)
        #expect(model.isPastRestoreWindow(model.users[0]))
        let html = UsersPage.render(model, context: fixture.context())
        #expect(html.contains("Cannot be restored"))
        #expect(html.contains("RestoreWindowExpired"))
        #expect(html.contains(" disabled>"))
        let active = try UsersPageModel.load(directory: fixture.store, customerID: "contoso", form: FormData(), now: later)
        #expect(UsersPage.render(active, context: fixture.context()).contains("Deleted users (1)"))
    }

    @Test func unknownCustomerIsAnError() throws {
        let fixture = try PortalFixture()
        #expect(throws: PortalError.unknownCustomer("nobody")) {
            try UsersPageModel.load(directory: fixture.store, customerID: "nobody", form: FormData(), now: fixture.now)
        }
    }

    @Test func customersSearchAndSeatsAtAGlance() throws {
        let fixture = try PortalFixture()
        try fixture.addUsers(3, licenses: ["SPE_E3"])
        let all = try CustomersPageModel.load(directory: fixture.store, search: nil)
        #expect(all.rows.map(\.customer.id) == ["contoso", "fabrikam"])
        let contoso = try #require(all.rows.first)
        let e3 = try #require(contoso.seats.first { $0.usage.partNumber == "SPE_E3" })
        #expect(e3.usage.assigned == 3 && e3.usage.available == 0)
        #expect(try CustomersPageModel.load(directory: fixture.store, search: "FABRIK").rows.map(\.customer.id) == ["fabrikam"])
        #expect(try CustomersPageModel.load(directory: fixture.store, search: "contoso.com").rows.map(\.customer.id) == ["contoso"])
        #expect(try CustomersPageModel.load(directory: fixture.store, search: "zzz").rows.isEmpty)
        let html = CustomersPage.render(all, context: fixture.context())
        #expect(html.contains("3 of 3 assigned, 0 available <span class=\"buy\">none left</span>"))
    }
}
