import Foundation
import Provisioning
import Reports

/// "Delete user(s)" and "Restore": the confirmation of an action on the selection (a POST
/// form with the selection and the CSRF field). Restore lists apart the users past the
/// 30-day window, with why they cannot come back.
public enum DeleteUsersPage {
    /// The delete confirmation for the selected (active) users.
    public static func confirm(_ users: [User], frame: PageLayout.CustomerFrame, context: PageContext) -> String {
        let id = frame.customer.id
        var body = "<h1>Delete users</h1>\n"
        guard !users.isEmpty else {
            return PageLayout.page(title: "Delete users", context: context, frame: frame,
                                   body: body + "<p>No users are selected. " + HTML.link("Select users", href: PortalPaths.users(id)) + " first.</p>\n")
        }
        body += "<p>Delete \(users.count == 1 ? "this user" : "these \(HTML.count(users.count)) users")? Their licenses are "
            + "released. They stay restorable for 30 days, with the licenses they held where seats allow.</p>\n"
            + "<ul class=\"chips\">" + users.map { "<li>\(HTML.e($0.userPrincipalName))</li>" }.joined() + "</ul>\n"
        body += FormHTML.post(action: PortalPaths.deleteUsers(id), context: context,
                              Selection.hiddenFields(users.map(\.objectID)) + "<div class=\"actions\">"
                              + FormHTML.button(users.count == 1 ? "Delete user" : "Delete \(HTML.count(users.count)) users",
                                                className: "button danger")
                              + HTML.link("Cancel", href: PortalPaths.with(PortalPaths.users(id),
                                                                           query: users.map { (Selection.field, $0.objectID) }))
                              + "</div>\n")
        return PageLayout.page(title: "Delete users", context: context, frame: frame, body: body)
    }

    /// The restore confirmation for the selected deleted users, those past the window apart.
    public static func confirmRestore(_ users: [User], now: Date, restoreWindow: TimeInterval = UsersPageModel.defaultRestoreWindow,
                                      frame: PageLayout.CustomerFrame, context: PageContext) -> String {
        let id = frame.customer.id
        let expired = users.filter { $0.deletedAt.map { now.timeIntervalSince($0) > restoreWindow } ?? false }
        let restorable = users.filter { user in !expired.contains { $0.objectID == user.objectID } }
        var body = "<h1>Restore users</h1>\n"
        if !expired.isEmpty {
            body += "<div class=\"notice warning\"><p>These users were deleted more than \(Int(restoreWindow / 86_400)) days "
                + "ago and cannot be restored (<code>RestoreWindowExpired</code>):</p><ul>"
                + expired.map { "<li>\(HTML.e($0.userPrincipalName)), deleted \($0.deletedAt.map { HTML.e(ReportDate.readable($0)) } ?? "")</li>" }.joined()
                + "</ul></div>\n"
        }
        guard !restorable.isEmpty else {
            return PageLayout.page(title: "Restore users", context: context, frame: frame,
                                   body: body + "<p>No restorable users are selected. "
                                       + HTML.link("Back to deleted users", href: PortalPaths.deletedUsers(id)) + "</p>\n")
        }
        body += "<p>Restore \(restorable.count == 1 ? "this user" : "these \(HTML.count(restorable.count)) users")? The licenses "
            + "they held come back where seats are available; the report names the rest, with how many seats to buy.</p>\n"
            + "<ul class=\"chips\">" + restorable.map { "<li>\(HTML.e($0.userPrincipalName))</li>" }.joined() + "</ul>\n"
        body += FormHTML.post(action: PortalPaths.restoreUsers(id), context: context,
                              Selection.hiddenFields(restorable.map(\.objectID)) + "<div class=\"actions\">"
                              + FormHTML.button(restorable.count == 1 ? "Restore user" : "Restore \(HTML.count(restorable.count)) users")
                              + HTML.link("Cancel", href: PortalPaths.deletedUsers(id)) + "</div>\n")
        return PageLayout.page(title: "Restore users", context: context, frame: frame, body: body)
    }
}
