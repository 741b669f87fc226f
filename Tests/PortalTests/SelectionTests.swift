import Foundation
import Testing
import Provisioning
@testable import Portal

@Suite struct SelectionTests {
    static func id(_ number: Int) -> String { String(format: "00000000-0000-4000-8000-%012d", number) }

    @Test func keepsAtMostTheMaximumAndCountsTheRest() {
        let form = FormData((1...150).map { ("sel", Self.id($0)) })
        let selection = Selection.parse(form)
        #expect(selection.objectIDs.count == Selection.maximumCount)
        #expect(selection.overflow == 50)
        #expect(selection.objectIDs.first == Self.id(1))
        #expect(selection.droppedNote?.contains("at most 100 users") == true)
    }

    @Test func rejectsWhatIsNotAnObjectIDAndFoldsDuplicates() {
        let hostile = ["<script>", "'; DROP TABLE users; --", "../../etc/passwd", Self.id(1) + "x", "", String(repeating: "a", count: 5_000),
                       "0000000g-0000-4000-8000-000000000001", Self.id(2).uppercased(), Self.id(2)]
        let selection = Selection.parse(FormData(hostile.map { ("sel", $0) }))
        #expect(selection.objectIDs == [Self.id(2)])
        #expect(selection.rejected == 7)
    }

    @Test func looksAtABoundedNumberOfValues() {
        let junk = Array(repeating: ("sel", "junk"), count: 5_000) + [("sel", Self.id(1))]
        let selection = Selection.parse(FormData(junk))
        #expect(selection.rejected == Selection.maximumInputValues)
        #expect(selection.isEmpty)
    }

    @Test func removeButtonsSelectAllAndClear() {
        var form = FormData([("sel", Self.id(1)), ("sel", Self.id(2)), ("unsel", Self.id(1).uppercased())])
        #expect(Selection.parse(form).objectIDs == [Self.id(2)])
        form = FormData([("sel", Self.id(1)), ("do", "select-page")])
        #expect(Selection.parse(form, pageIDs: [Self.id(3), Self.id(1), "bogus"]).objectIDs == [Self.id(1), Self.id(3)])
        form = FormData([("sel", Self.id(1)), ("do", "clear")])
        #expect(Selection.parse(form).isEmpty)
    }

    @Test func resolvingDropsUnknownIDsOtherCustomersAndDeletedUsersAndSorts() throws {
        let fixture = try PortalFixture()
        try fixture.addUsers(3)
        try fixture.addUsers(1, customer: "fabrikam")
        let b = try fixture.user("user002@contoso.com"), a = try fixture.user("user001@contoso.com")
        let c = try fixture.user("user003@contoso.com"), other = try fixture.user("user001@fabrikam.de", customer: "fabrikam")
        try fixture.run(PortalRequests.delete([c]))
        let selection = Selection(objectIDs: [b.objectID, Self.id(999), other.objectID, c.objectID, a.objectID])
        let users = try selection.users(in: fixture.store, customerID: "contoso")
        #expect(users.map(\.userPrincipalName) == ["user001@contoso.com", "user002@contoso.com"])
        #expect(try selection.users(in: fixture.store, customerID: "contoso", deleted: true).map(\.objectID) == [c.objectID])
    }

    @Test func selectionSurvivesPaging() throws {
        let fixture = try PortalFixture()
        try fixture.addUsers(30)
        let first = try UsersPageModel.load(directory: fixture.store, customerID: "contoso",
                                            form: FormData([("size", "25")]), now: fixture.now)
        let ticked = first.users.prefix(2).map(\.objectID)
        // Tick two on page 1, press Next.
        let second = try UsersPageModel.load(directory: fixture.store, customerID: "contoso",
                                             form: FormData([("size", "25"), ("at", "1")] + ticked.map { ("sel", $0) } + [("page", "2")]),
                                             now: fixture.now)
        #expect(second.paging.page == 2)
        #expect(second.selection.objectIDs == ticked)
        let html = UsersPage.render(second, context: fixture.context())
        // Page 1's users travel hidden; the selected users' boxes list them sorted.
        for id in ticked { #expect(html.contains("<input type=\"hidden\" name=\"sel\" value=\"\(id)\">")) }
        #expect(html.contains("Selected users (2)"))
        let chips = try #require(html.components(separatedBy: "<ul class=\"chips\">").last?.components(separatedBy: "</ul>").first)
        #expect(chips.range(of: "user001@contoso.com")!.lowerBound < chips.range(of: "user002@contoso.com")!.lowerBound)
        // Select all on page 2, then go back to page 1: 7 selected, page 1's two ticked as boxes.
        let all = try UsersPageModel.load(directory: fixture.store, customerID: "contoso",
                                          form: FormData([("size", "25"), ("at", "2"), ("do", "select-page")] + ticked.map { ("sel", $0) }),
                                          now: fixture.now)
        #expect(all.selection.objectIDs.count == 7)
        let back = try UsersPageModel.load(directory: fixture.store, customerID: "contoso",
                                           form: FormData([("size", "25"), ("page", "1")] + all.selection.objectIDs.map { ("sel", $0) }),
                                           now: fixture.now)
        let page = UsersPage.render(back, context: fixture.context())
        for id in ticked { #expect(page.contains("name=\"sel\" value=\"\(id)\" checked>")) }
    }

    @Test func formDataDecodesAndIsBounded() {
        let form = FormData.parse("a=1+2&b=%3Cscript%3E&c=%E4%B8%AD&bad=%ZZ&a=3&empty=&=x")
        #expect(form.value("a") == "1 2")
        #expect(form.all("a") == ["1 2", "3"])
        #expect(form.value("b") == "<script>")
        #expect(form.value("c") == "中")
        #expect(form.value("empty") == nil && form.has("empty"))
        #expect(form.droppedFields == 1)
        let many = FormData.parse(Array(repeating: "x=1", count: 10).joined(separator: "&"), limits: .init(maxFields: 3, maxValueBytes: 10))
        #expect(many.pairs.count == 3 && many.droppedFields == 7)
        let long = FormData.parse("x=" + String(repeating: "中", count: 10), limits: .init(maxFields: 3, maxValueBytes: 10))
        #expect(long.value("x") == "中中中")
    }

    @Test func pathsEncodeTheirSegments() {
        #expect(PortalPaths.users("a/b?c") == "/customers/a%2Fb%3Fc/users")
        #expect(PortalPaths.customer("..") == "/customers/%2E%2E")
        #expect(PortalPaths.with("/x", query: [("q", "a b&c"), ("empty", "")]) == "/x?q=a%20b%26c")
    }
}
