import Foundation
import HTTPServer
import Portal
import PortalSessions
import Provisioning
import Reports

/// The customers' pages (GET) and actions (POST), each through ``Portal``'s entry points
/// (docs/portal.md's table). Every action runs its requests through `PortalJob` (`Job.run`,
/// under the customer's lock, as the command line does).
enum CustomerRoutes {
    static func add(to router: inout HTTPRouter, _ portal: PortalHandlers) {
        let c = "/customers/{customer}"
        router.get(PortalPaths.customers) { context in
            try portal.page(context) { page, store in
                .html(try PortalPages.customers(PortalHandlers.query(context), directory: store, context: page))
            }
        }
        router.get(c) { context in PortalResponse.redirect(PortalPaths.users(context.parameters["customer"] ?? "")) }
        for deleted in [false, true] {
            router.get(c + (deleted ? "/users/deleted" : "/users")) { context in
                try portal.page(context) { page, store in
                    .html(try PortalPages.users(PortalHandlers.query(context), customerID: customer(context), deleted: deleted,
                                                directory: store, context: page, now: portal.configuration.clock()))
                }
            }
        }
        router.get(c + "/licenses") { context in
            try portal.page(context) { page, store in
                .html(try PortalPages.manageLicenses(PortalHandlers.query(context), customerID: customer(context),
                                                     directory: store, context: page))
            }
        }
        router.post(c + "/licenses") { context in
            try portal.action(context, operation: nil) { form, page, store in
                .html(try PortalActions.saveLicenses(form, customerID: customer(context), directory: store, context: page,
                                                     settings: portal.settings(page)))
            }
        }
        router.get(c + "/users/new") { context in
            try portal.page(context, operation: .createUser) { page, store in
                .html(try PortalPages.addUser(PortalHandlers.query(context), customerID: customer(context), directory: store,
                                              context: page))
            }
        }
        router.post(c + "/users/new") { context in
            try portal.action(context, operation: .createUser) { form, page, store in
                let id = try PageLayout.CustomerFrame.load(directory: store, customerID: customer(context), tab: nil).customer.id
                return .html(try PortalActions.addUser(form, customerID: id, directory: store, context: page,
                                                       settings: portal.settings(page), keepSheet: keepSheet(portal, page, id)))
            }
        }
        addUserRoutes(to: &router, portal, prefix: c)
        router.get(c + "/audit") { context in
            try portal.page(context) { page, store in
                let frame = try PageLayout.CustomerFrame.load(directory: store, customerID: customer(context), tab: .audit)
                let filters = AuditPageModel.filters(PortalHandlers.query(context))
                let found = try store.auditEntries(AuditQuery(customerID: frame.customer.id, batchID: filters.batchID,
                                                              operatorName: filters.operatorName, newestFirst: true,
                                                              page: filters.page, pageSize: AuditPageModel.pageSize))
                let rows = found.entries.map {
                    AuditPageModel.Row(at: $0.at, batchID: $0.batchID, operatorName: $0.operatorName, role: $0.role,
                                       action: $0.action, userPrincipalName: $0.userPrincipalName, detail: $0.detail)
                }
                let model = AuditPageModel(operatorName: filters.operatorName, batchID: filters.batchID, rows: rows,
                                           paging: Paging(page: found.page, total: found.total, pageSize: found.pageSize))
                return .html(try PortalPages.audit(model, customerID: frame.customer.id, directory: store, context: page))
            }
        }
        router.get(c + "/credentials/{sheet}") { context in
            try portal.page(context) { page, store in
                let frame = try PageLayout.CustomerFrame.load(directory: store, customerID: customer(context), tab: nil)
                let name = context.parameters["sheet"] ?? ""
                guard name.hasSuffix(".eml"),
                      let bytes = portal.sheets.take(String(name.dropLast(4)), operatorName: page.operatorName,
                                                     customerID: frame.customer.id, now: portal.configuration.clock()) else {
                    return portal.notFound("The sheet (it can be downloaded once)", page)
                }
                return PortalResponse.download(bytes, contentType: "message/rfc822", fileName: "sign-in-details.eml")
            }
        }
    }

    /// Reset password, delete and restore.
    private static func addUserRoutes(to router: inout HTTPRouter, _ portal: PortalHandlers, prefix c: String) {
        router.get(c + "/users/{user}/reset-password") { context in
            try portal.page(context, operation: .resetPassword) { page, store in
                .html(try PortalActions.confirmReset(objectID: context.parameters["user"] ?? "", customerID: customer(context),
                                                     directory: store, context: page))
            }
        }
        router.post(c + "/users/{user}/reset-password") { context in
            try portal.action(context, operation: .resetPassword) { _, page, store in
                let id = try PageLayout.CustomerFrame.load(directory: store, customerID: customer(context), tab: nil).customer.id
                return .html(try PortalActions.resetPassword(objectID: context.parameters["user"] ?? "", customerID: id,
                                                             directory: store, context: page, settings: portal.settings(page),
                                                             keepSheet: keepSheet(portal, page, id)))
            }
        }
        router.get(c + "/users/delete") { context in
            try portal.page(context, operation: .deleteUser) { page, store in
                .html(try PortalPages.confirmDelete(PortalHandlers.query(context), customerID: customer(context),
                                                    directory: store, context: page))
            }
        }
        router.post(c + "/users/delete") { context in
            try portal.action(context, operation: .deleteUser) { form, page, store in
                .html(try PortalActions.deleteUsers(form, customerID: customer(context), directory: store, context: page,
                                                    settings: portal.settings(page)))
            }
        }
        router.get(c + "/users/restore") { context in
            try portal.page(context, operation: .restoreUser) { page, store in
                .html(try PortalPages.confirmRestore(PortalHandlers.query(context), customerID: customer(context),
                                                     directory: store, context: page, now: portal.configuration.clock()))
            }
        }
        router.post(c + "/users/restore") { context in
            try portal.action(context, operation: .restoreUser) { form, page, store in
                .html(try PortalActions.restoreUsers(form, customerID: customer(context), directory: store, context: page,
                                                     settings: portal.settings(page)))
            }
        }
    }

    static func customer(_ context: HTTPRequestContext) -> String { context.parameters["customer"] ?? "" }

    /// Keeps a run's sheet (`.eml`) for one download by this operator and returns its link. The
    /// message goes to the operator when the name is a mail address, else to the first user.
    /// - Parameter customerID: the customer's id as the store has it.
    static func keepSheet(_ portal: PortalHandlers, _ page: PageContext, _ customerID: String) -> PortalActions.KeepSheet {
        { credentials in
            guard let first = credentials.first else { return nil }
            let recipient = try (try? MailAddress(page.operatorName)) ?? MailAddress(first.userPrincipalName)
            let now = portal.configuration.clock()
            let bytes = try PortalCredentialSheet.message(credentials, recipient: recipient, date: now,
                                                          random: portal.configuration.random,
                                                          temporaryDirectory: portal.configuration.workFolder)
            let id = portal.newID()
            portal.sheets.keep(bytes, id: id, operatorName: page.operatorName, customerID: customerID, now: now)
            return PortalPaths.credentials(customerID, sheetID: id)
        }
    }
}

extension HTTPResponse {
    /// A portal page (``PortalResponse/html(_:status:setCookie:)``).
    static func html(_ document: String) -> HTTPResponse { PortalResponse.html(document) }
}
