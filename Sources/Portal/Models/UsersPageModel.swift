import Foundation
import Provisioning

/// What the "Users and licenses" page (and its "Deleted users" tab) shows: one page of the
/// customer's users, the pager, the selection carried by the form, and the selected users in
/// sorted order.
public struct UsersPageModel: Sendable, Hashable {
    /// The planner's restore window (30 days), which decides who can still come back.
    public static let defaultRestoreWindow = PlanOptions(role: .adminAgent, now: Date(timeIntervalSince1970: 0)).restoreWindow

    /// The field that says which of the list form's buttons was pressed.
    public static let commandField = "do"

    /// The list form's own buttons.
    public enum Command: String, Sendable {
        /// "Select all on this page".
        case selectPage = "select-page"
        /// "Clear selection".
        case clearSelection = "clear"
    }

    /// The customer.
    public var customer: Customer
    /// Whether this is the "Deleted users" tab.
    public var deletedView: Bool
    /// The query as read from the form.
    public var listQuery: UserListQuery
    /// The pager (the page clamped into range).
    public var paging: Paging
    /// The users on this page.
    public var users: [User]
    /// The selection after this submission.
    public var selection: Selection
    /// The selected users the directory knows, sorted by user name.
    public var selectedUsers: [User]
    /// The catalog's products, by part number (names for the licenses column and the filter).
    public var products: [Product]
    /// Deleted users not yet purged (the tab's count).
    public var deletedCount: Int
    /// "Now", for the 30-day restore window.
    public var now: Date
    /// How long a deleted user stays restorable.
    public var restoreWindow: TimeInterval

    /// Loads the page.
    /// - Parameters:
    ///   - form: the list form's fields (the GET query).
    ///   - deleted: the "Deleted users" tab.
    ///   - now: "now" for the restore window (the server's injected clock).
    /// - Throws: ``PortalError/unknownCustomer(_:)``, or the directory's errors.
    public static func load(directory: Directory, customerID: String, form: FormData, deleted: Bool = false,
                            now: Date, restoreWindow: TimeInterval = UsersPageModel.defaultRestoreWindow) throws -> UsersPageModel {
        let customer = try PortalCustomers.customer(customerID, in: directory)
        let products = try directory.products()
        let listQuery = UserListQuery(form, products: products, deleted: deleted)
        var query = listQuery.query
        var page = try directory.listUsers(customerID: customer.id, query: query)
        let paging = Paging(page: query.page, total: page.total, pageSize: query.pageSize)
        if paging.page != query.page {
            // Out of range (a page past the end, after users were deleted): show the last one.
            query.page = paging.page
            page = try directory.listUsers(customerID: customer.id, query: query)
        }
        let selection = Selection.parse(form, pageIDs: page.users.map(\.objectID))
        let selected = try selection.users(in: directory, customerID: customer.id, deleted: deleted)
        let deletedCount = deleted ? page.total
            : try directory.listUsers(customerID: customer.id, query: UserQuery(filter: .deleted, pageSize: 1)).total
        var fixedQuery = listQuery
        fixedQuery.query = query
        return UsersPageModel(customer: customer, deletedView: deleted, listQuery: fixedQuery,
                              paging: Paging(page: query.page, total: page.total, pageSize: query.pageSize),
                              users: page.users, selection: Selection(objectIDs: selected.map(\.objectID)),
                              selectedUsers: selected, products: products, deletedCount: deletedCount, now: now,
                              restoreWindow: restoreWindow, droppedNote: selection.droppedNote)
    }

    /// What parsing the selection dropped, for a notice.
    public var droppedNote: String?

    /// Whether a deleted user is past the restore window (it cannot come back).
    public func isPastRestoreWindow(_ user: User) -> Bool {
        guard let deletedAt = user.deletedAt else { return false }
        return now.timeIntervalSince(deletedAt) > restoreWindow
    }

    /// The display name of a part number (the part number itself when the catalog lacks it).
    func productName(_ partNumber: String) -> String {
        products.first { $0.partNumber == partNumber }?.displayName ?? partNumber
    }
}
