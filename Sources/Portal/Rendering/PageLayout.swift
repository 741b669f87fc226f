import Provisioning

/// The one layout of every page: no inline script or style, one stylesheet the portal serves
/// itself (``PortalPaths/styleSheet``), nothing from anywhere else. A skip link comes first,
/// then the portal's navigation, the customer's tabs, and `<main id="main">`, so that the
/// keyboard's focus order is the reading order.
public enum PageLayout {
    /// The Content-Security-Policy the server sends with every page: nothing but the portal's
    /// own stylesheet, forms posting only to the portal, no framing.
    public static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// The customer's tabs.
    public enum Tab: String, Sendable, CaseIterable {
        /// Users and licenses.
        case users
        /// Deleted users (N).
        case deleted
        /// Add user.
        case addUser
        /// Upload a CSV.
        case upload
        /// Audit.
        case audit
    }

    /// The tabs' frame: the customer, which tab is current, and the deleted users' count for
    /// the "Deleted users (N)" tab.
    public struct CustomerFrame: Sendable, Hashable {
        /// The customer.
        public var customer: Customer
        /// The current tab, if the page is one.
        public var tab: Tab?
        /// Deleted users not yet purged.
        public var deletedCount: Int

        /// Creates a frame.
        public init(customer: Customer, tab: Tab?, deletedCount: Int) {
            self.customer = customer
            self.tab = tab
            self.deletedCount = deletedCount
        }

        /// The frame of a customer's page, with the deleted users counted in the directory.
        /// - Throws: ``PortalError/unknownCustomer(_:)``, the directory's errors.
        public static func load(directory: Directory, customerID: String, tab: Tab?) throws -> CustomerFrame {
            let customer = try PortalCustomers.customer(customerID, in: directory)
            let deleted = try directory.listUsers(customerID: customer.id, query: UserQuery(filter: .deleted, pageSize: 1))
            return CustomerFrame(customer: customer, tab: tab, deletedCount: deleted.total)
        }
    }

    /// A whole page around `body` (trusted markup from the page renderers).
    /// - Parameters:
    ///   - title: the window title (escaped).
    ///   - frame: the customer's tabs, for a customer's page.
    ///   - signedIn: whether to show the operator and the Sign out form (not on the login page).
    static func page(title: String, context: PageContext, frame: CustomerFrame? = nil, signedIn: Bool = true,
                     body: String) -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="same-origin">
        <title>\(HTML.e(title + (frame.map { " · " + $0.customer.name } ?? "") + " · provision"))</title>
        <link rel="stylesheet" href="\(PortalPaths.styleSheet)">
        </head>
        <body>
        <a class="skip" href="#main">Skip to main content</a>
        <header class="portal">
        <nav aria-label="Portal"><a class="brand" href="\(PortalPaths.customers)">provision</a> \
        \(HTML.link("Customers", href: PortalPaths.customers, current: frame == nil && title == "Customers"))</nav>
        \(signedIn ? operatorBox(context) : "")</header>

        """
        if let frame { html += tabs(frame, context: context) }
        html += "<main id=\"main\" tabindex=\"-1\">\n" + body + "</main>\n"
        html += "<footer class=\"portal\">provision · every change is checked against the permission matrix and written to the audit log</footer>\n"
        return html + "</body>\n</html>\n"
    }

    /// The operator's name and role, and the Sign out form.
    static func operatorBox(_ context: PageContext) -> String {
        "<div class=\"operator\"><span>\(HTML.e(context.operatorName))</span> <span class=\"role\">\(HTML.e(context.role.rawValue))</span>\n"
            + FormHTML.post(action: PortalPaths.logout, context: context, className: "inline", FormHTML.button("Sign out", className: "link"))
            + "</div>\n"
    }

    /// The customer's name and tabs (the ones the role may use).
    static func tabs(_ frame: CustomerFrame, context: PageContext) -> String {
        let id = frame.customer.id
        var items: [(Tab, String, String)] = [
            (.users, "Users and licenses", PortalPaths.users(id)),
            (.deleted, "Deleted users (\(HTML.count(frame.deletedCount)))", PortalPaths.deletedUsers(id)),
        ]
        if context.may(.createUser) { items.append((.addUser, "Add user", PortalPaths.addUser(id))) }
        items.append((.upload, "Upload a CSV", PortalPaths.uploads(id)))
        items.append((.audit, "Audit", PortalPaths.audit(id)))
        var html = "<div class=\"customer-bar\"><p class=\"customer-name\">\(HTML.e(frame.customer.name)) "
            + "<code>\(HTML.e(id))</code></p>\n<nav aria-label=\"Customer\" class=\"tabs\"><ul>"
        for (tab, text, href) in items {
            html += "<li>" + HTML.link(text, href: href, current: tab == frame.tab) + "</li>"
        }
        return html + "</ul></nav></div>\n"
    }
}
