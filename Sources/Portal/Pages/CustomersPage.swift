/// The Customers page: a search form (GET) and one row per customer with its seats at a
/// glance; each customer's name links to its users and licenses.
public enum CustomersPage {
    /// The page's HTML.
    public static func render(_ model: CustomersPageModel, context: PageContext) -> String {
        var body = "<h1>Customers</h1>\n"
        body += FormHTML.get(action: PortalPaths.customers, className: "filters",
                             FormHTML.text("q", label: "Search customers", value: model.search, type: "search",
                                           hint: "By id, name or domain") + "<div class=\"actions\">" + FormHTML.button("Search") + "</div>\n")
        let shown = model.rows.count + model.omitted
        body += "<p>" + (model.search.isEmpty ? "\(HTML.count(model.total)) customers"
                         : "\(HTML.count(shown)) of \(HTML.count(model.total)) customers match “\(HTML.e(model.search))”") + "</p>\n"
        if model.omitted > 0 {
            body += "<p class=\"notice\">\(HTML.count(model.omitted)) more match: narrow the search to see them.</p>\n"
        }
        guard !model.rows.isEmpty else { return PageLayout.page(title: "Customers", context: context, body: body + "<p class=\"none\">No customers to show.</p>\n") }
        body += "<table>\n<caption class=\"visually-hidden\">Customers and their seats</caption>\n"
            + "<thead><tr><th scope=\"col\">Customer</th><th scope=\"col\">Domains</th><th scope=\"col\">Seats at a glance</th></tr></thead>\n<tbody>\n"
        for row in model.rows {
            let customer = row.customer
            var seats = row.seats.map { seat -> String in
                let usage = seat.usage
                let left = usage.available == 0 ? " <span class=\"buy\">none left</span>" : ""
                return "<li>\(HTML.e(seat.displayName)): \(HTML.count(usage.assigned)) of \(HTML.count(usage.purchased)) assigned, "
                    + "\(HTML.count(usage.available)) available\(left)</li>"
            }.joined()
            seats = seats.isEmpty ? "<span class=\"none\">No seats bought</span>" : "<ul class=\"changes\">" + seats + "</ul>"
            body += "<tr><td>" + HTML.link(customer.name, href: PortalPaths.users(customer.id))
                + " <code>\(HTML.e(customer.id))</code></td><td>\(HTML.e(customer.domains.joined(separator: ", ")))</td>"
                + "<td>\(seats)</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
        return PageLayout.page(title: "Customers", context: context, body: body)
    }
}
