import Foundation
import Provisioning

/// The pages' GET routes, whole: load the model from the directory, check the role where the
/// page leads to an action it may not take, and render. With ``PortalActions`` (the POST
/// routes) and ``PortalUpload``, these are what the server's routes call.
public enum PortalPages {
    /// `GET /customers?q=`.
    public static func customers(_ query: FormData, directory: Directory, context: PageContext) throws -> String {
        CustomersPage.render(try CustomersPageModel.load(directory: directory, search: query.value("q")), context: context)
    }

    /// `GET /customers/ID/users?…` and (`deleted`) `GET /customers/ID/users/deleted?…`.
    public static func users(_ query: FormData, customerID: String, deleted: Bool = false, directory: Directory,
                             context: PageContext, now: Date) throws -> String {
        UsersPage.render(try UsersPageModel.load(directory: directory, customerID: customerID, form: query, deleted: deleted,
                                                 now: now), context: context)
    }

    /// `GET /customers/ID/licenses?sel=…`.
    public static func manageLicenses(_ query: FormData, customerID: String, directory: Directory,
                                      context: PageContext) throws -> String {
        let model = try ManageLicensesModel.load(directory: directory, customerID: customerID, form: query)
        let frame = try PageLayout.CustomerFrame.load(directory: directory, customerID: customerID, tab: .users)
        return ManageLicensesPage.render(model, context: context, deletedCount: frame.deletedCount)
    }

    /// `GET /customers/ID/users/new?license=…` ("Add another user" keeps the licenses).
    public static func addUser(_ query: FormData, customerID: String, directory: Directory, context: PageContext) throws -> String {
        try PortalRequests.require(.createUser, context)
        let frame = try PageLayout.CustomerFrame.load(directory: directory, customerID: customerID, tab: .addUser)
        let products = try directory.products()
        let known = Set(products.map(\.partNumber))
        let form = AddUserForm(licenses: Array(Set(query.all("license").filter { known.contains($0) })).sorted())
        return AddUserPage.render(form, customer: frame.customer, products: products,
                                  seats: try directory.seatUsage(customerID: frame.customer.id), context: context,
                                  deletedCount: frame.deletedCount)
    }

    /// `GET /customers/ID/users/delete?sel=…`.
    public static func confirmDelete(_ query: FormData, customerID: String, directory: Directory,
                                     context: PageContext) throws -> String {
        try PortalRequests.require(.deleteUser, context)
        let frame = try PageLayout.CustomerFrame.load(directory: directory, customerID: customerID, tab: .users)
        return DeleteUsersPage.confirm(try Selection.parse(query).users(in: directory, customerID: frame.customer.id),
                                       frame: frame, context: context)
    }

    /// `GET /customers/ID/users/restore?sel=…`.
    public static func confirmRestore(_ query: FormData, customerID: String, directory: Directory, context: PageContext,
                                      now: Date) throws -> String {
        try PortalRequests.require(.restoreUser, context)
        let frame = try PageLayout.CustomerFrame.load(directory: directory, customerID: customerID, tab: .deleted)
        return DeleteUsersPage.confirmRestore(try Selection.parse(query).users(in: directory, customerID: frame.customer.id,
                                                                               deleted: true),
                                              now: now, frame: frame, context: context)
    }

    /// `GET /customers/ID/uploads`.
    /// - Parameter maxBytes: the upload size limit the server enforces.
    public static func upload(customerID: String, directory: Directory, context: PageContext, maxBytes: Int) throws -> String {
        UploadPage.render(frame: try PageLayout.CustomerFrame.load(directory: directory, customerID: customerID, tab: .upload),
                          context: context, maxBytes: maxBytes)
    }

    /// `GET /customers/ID/audit?…`, for the page of entries the server read with
    /// ``AuditPageModel/filters(_:)``.
    public static func audit(_ model: AuditPageModel, customerID: String, directory: Directory, context: PageContext) throws -> String {
        AuditPage.render(model, frame: try PageLayout.CustomerFrame.load(directory: directory, customerID: customerID, tab: .audit),
                         context: context)
    }
}
