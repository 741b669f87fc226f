import Foundation
import Provisioning
import Reports

/// "Users and licenses" and its "Deleted users (N)" tab: one GET form holding the filters,
/// the selected users (as small boxes, sorted, each with a button that removes it), the
/// actions on the selection, the table with a checkbox per user, and the pager.
///
/// Without JavaScript a link cannot carry the boxes ticked on this page, so the pager's
/// First, Previous, Next and Last are the form's submit buttons (`page=N`), and so are "Select
/// all on this page", the column headings (sorting) and the boxes' remove buttons: every one
/// of them keeps the selection. The filters' Apply comes first in the form, so Enter in a
/// field applies the filters. GET changes nothing; every change is a POST from the page the
/// actions lead to (Manage licenses, Delete, Restore), which carries the CSRF field.
public enum UsersPage {
    /// The page's HTML.
    public static func render(_ model: UsersPageModel, context: PageContext) -> String {
        let customer = model.customer
        let title = model.deletedView ? "Deleted users" : "Users and licenses"
        let action = model.deletedView ? PortalPaths.deletedUsers(customer.id) : PortalPaths.users(customer.id)
        var body = "<h1>\(title)</h1>\n"
        if let note = model.droppedNote { body += "<p class=\"notice warning\">\(HTML.e(note))</p>\n" }
        body += FormHTML.errorSummary(model.listQuery.problems)
        var form = model.deletedView ? "" : filters(model)
        form += FormHTML.hidden("at", String(model.paging.page))
        for (name, value) in model.listQuery.fields where !value.isEmpty && model.deletedView { form += FormHTML.hidden(name, value) }
        // The selection from other pages travels hidden; this page's users are the checkboxes.
        let onPage = Set(model.users.map(\.objectID))
        form += Selection.hiddenFields(model.selection.objectIDs.filter { !onPage.contains($0) })
        form += selected(model)
        form += actions(model, context: context)
        form += table(model, context: context)
        form += pager(model.paging, noun: model.deletedView ? "deleted users" : "users")
        body += FormHTML.get(action: action, className: "users-form", form)
        let frame = PageLayout.CustomerFrame(customer: customer, tab: model.deletedView ? .deleted : .users,
                                             deletedCount: model.deletedCount)
        return PageLayout.page(title: title, context: context, frame: frame, body: body)
    }

    private static func filters(_ model: UsersPageModel) -> String {
        var choices: [(String, String)] = [("all", "All users"), ("unlicensed", "Unlicensed users"), ("licensed", "Licensed users")]
        choices += model.products.sorted { $0.displayName < $1.displayName }.map { ("product:" + $0.partNumber, "With " + $0.displayName) }
        choices += [("department", "In the department typed below"), ("location", "In the location typed below")]
        let query = model.listQuery
        var html = "<div class=\"filters\">"
        html += FormHTML.select("filter", label: "Show", options: choices, selected: query.filterChoice)
        html += FormHTML.text("value", label: "Department or location", value: query.filterValue,
                              hint: "For the department or location filter (a location as TW, DE…)",
                              error: query.problems.first { $0.field == "value" }?.message)
        html += FormHTML.select("sort", label: "Sort by", options: sorts, selected: query.query.sort.rawValue)
        html += FormHTML.select("size", label: "Users per page", options: UserListQuery.pageSizes.map { (String($0), String($0)) },
                                selected: String(query.query.pageSize))
        return html + "<div class=\"actions\">" + FormHTML.button("Apply", name: "page", value: "1") + "</div></div>\n"
    }

    private static let sorts: [(String, String)] = [
        (UserQuery.Sort.userPrincipalName.rawValue, "User name"), (UserQuery.Sort.displayName.rawValue, "Display name"),
        (UserQuery.Sort.created.rawValue, "Created"), (UserQuery.Sort.department.rawValue, "Department"),
    ]

    /// The "Selected users" view: the selection in sorted order, as small boxes.
    private static func selected(_ model: UsersPageModel) -> String {
        var html = "<section class=\"selected\" aria-labelledby=\"selected-title\">"
            + "<h2 id=\"selected-title\">Selected users (\(HTML.count(model.selectedUsers.count)))</h2>"
        guard !model.selectedUsers.isEmpty else {
            return html + "<p class=\"none\">None yet: tick users in the table, on any page.</p></section>\n"
        }
        html += "<ul class=\"chips\">"
        for user in model.selectedUsers {
            html += "<li>\(HTML.e(user.userPrincipalName))"
                + FormHTML.button("×", name: Selection.removeField, value: user.objectID, className: "link",
                                  label: "Remove \(user.userPrincipalName) from the selection") + "</li>"
        }
        return html + "</ul></section>\n"
    }

    private static func actions(_ model: UsersPageModel, context: PageContext) -> String {
        let id = model.customer.id
        var html = "<div class=\"actions\">"
        if model.deletedView {
            if context.may(.restoreUser) {
                html += FormHTML.button("Restore selected users", formAction: PortalPaths.restoreUsers(id))
            }
        } else {
            html += FormHTML.button("Manage licenses", formAction: PortalPaths.manageLicenses(id))
            if context.may(.deleteUser) {
                html += FormHTML.button("Delete selected users", formAction: PortalPaths.deleteUsers(id), className: "button danger")
            }
        }
        html += FormHTML.button("Select all on this page", name: UsersPageModel.commandField,
                                value: UsersPageModel.Command.selectPage.rawValue, className: "button secondary")
        html += FormHTML.button("Clear selection", name: UsersPageModel.commandField,
                                value: UsersPageModel.Command.clearSelection.rawValue, className: "button secondary")
        return html + "</div>\n"
    }

    private static func table(_ model: UsersPageModel, context: PageContext) -> String {
        guard !model.users.isEmpty else {
            return "<p class=\"none\">\(model.deletedView ? "No deleted users." : "No users match.")</p>\n"
        }
        func heading(_ text: String, _ sort: UserQuery.Sort?) -> String {
            guard let sort, !model.deletedView else { return "<th scope=\"col\">\(HTML.e(text))</th>" }
            let current = model.listQuery.query.sort == sort
            return "<th scope=\"col\"\(current ? " aria-sort=\"ascending\"" : "")>"
                + FormHTML.button(text, name: "sortBy", value: sort.rawValue, className: "link",
                                  label: "Sort by \(text.lowercased())") + "</th>"
        }
        var html = "<table class=\"list\">\n<caption class=\"visually-hidden\">\(model.deletedView ? "Deleted users" : "Users") "
            + "(\(HTML.e(model.paging.summary(noun: "users"))))</caption>\n<thead><tr>"
            + "<th scope=\"col\"><span class=\"visually-hidden\">Selected</span></th>"
            + heading("User name", .userPrincipalName) + heading("Display name", .displayName)
        html += model.deletedView ? heading("Deleted", nil) + heading("Restore", nil) + heading("Licenses held", nil)
            : heading("Department", .department) + heading("Location", nil) + heading("Licenses", nil) + heading("Actions", nil)
        html += "</tr></thead>\n<tbody>\n"
        for user in model.users {
            let expired = model.deletedView && model.isPastRestoreWindow(user)
            let box = "sel-" + user.objectID
            html += "<tr><td><input type=\"checkbox\" id=\"\(box)\" name=\"\(Selection.field)\" value=\"\(HTML.e(user.objectID))\""
                + (model.selection.contains(user.objectID) && !expired ? " checked" : "") + (expired ? " disabled" : "")
                + "><label for=\"\(box)\"><span class=\"visually-hidden\">Select \(HTML.e(user.userPrincipalName))</span></label></td>"
                + "<td><span class=\"upn\">\(HTML.e(user.userPrincipalName))</span>"
                + (user.isAdmin ? " <span class=\"badge planned\">admin</span>" : "") + "</td>"
                + "<td>\(HTML.e(user.attributes.displayName))</td>"
            let licenses = user.licenses.map { model.productName($0.partNumber) }.joined(separator: ", ")
            if model.deletedView {
                html += "<td>\(user.deletedAt.map { HTML.e(ReportDate.readable($0)) } ?? "")</td><td>"
                    + restoreNote(user, model: model) + "</td><td>\(licenses.isEmpty ? "—" : HTML.e(licenses))</td></tr>\n"
            } else {
                html += "<td>\(HTML.e(user.attributes.department ?? ""))</td><td>\(HTML.e(user.attributes.usageLocation ?? ""))</td>"
                    + "<td>\(licenses.isEmpty ? "<span class=\"none\">Unlicensed</span>" : HTML.e(licenses))</td><td>"
                if context.may(user.isAdmin ? .resetAdminPassword : .resetPassword) {
                    html += "<a href=\"\(HTML.e(PortalPaths.resetPassword(model.customer.id, objectID: user.objectID)))\">"
                        + "Reset password<span class=\"visually-hidden\"> of \(HTML.e(user.userPrincipalName))</span></a>"
                }
                html += "</td></tr>\n"
            }
        }
        return html + "</tbody>\n</table>\n"
    }

    /// Whether and until when a deleted user can come back, in words.
    static func restoreNote(_ user: User, model: UsersPageModel) -> String {
        guard let deletedAt = user.deletedAt else { return "" }
        let days = Int(model.restoreWindow / 86_400)
        if model.isPastRestoreWindow(user) {
            return "<span class=\"error\">Cannot be restored:</span> deleted more than \(days) days ago "
                + "(<code>RestoreWindowExpired</code>); it will be purged."
        }
        return "Restorable until \(HTML.e(ReportDate.readable(deletedAt.addingTimeInterval(model.restoreWindow))))"
    }

    /// The pager: First, Previous, Next and Last as the form's buttons (see the type's note).
    static func pager(_ paging: Paging, noun: String) -> String {
        var html = "<nav class=\"pager\" aria-label=\"Pages\"><span>\(HTML.e(paging.summary(noun: noun)))"
            + " · page \(HTML.count(paging.page)) of \(HTML.count(paging.pageCount))</span>"
        for (text, target) in [("First", paging.first), ("Previous", paging.previous), ("Next", paging.next), ("Last", paging.last)] {
            if let target {
                html += FormHTML.button(text, name: "page", value: String(target), className: "link",
                                        label: "\(text) page (\(target))")
            } else {
                html += "<span class=\"disabled\">\(text)</span>"
            }
        }
        return html + "</nav>\n"
    }
}
