import HTTPServer
import Provisioning

/// `GET /`: the customers in the store, one row each (id, name, default usage location, domains).
enum CustomersPage {
    /// The page for `customers`.
    static func response(customers: [Customer]) -> HTTPResponse {
        guard !customers.isEmpty else {
            return PortalPage.response(title: "Customers", body: "<p>The store has no customers.</p>")
        }
        var rows = ""
        for customer in customers {
            let e = PortalPage.escape
            rows += "<tr><td>\(e(customer.id))</td><td>\(e(customer.name))</td>"
                + "<td>\(e(customer.defaultUsageLocation))</td><td>\(e(customer.domains.joined(separator: ", ")))</td></tr>\n"
        }
        let count = customers.count == 1 ? "1 customer" : "\(customers.count) customers"
        let table = """
        <table>
        <caption>\(count)</caption>
        <thead><tr><th scope="col">ID</th><th scope="col">Name</th><th scope="col">Location</th><th scope="col">Domains</th></tr></thead>
        <tbody>
        \(rows)</tbody>
        </table>
        """
        return PortalPage.response(title: "Customers", body: table)
    }
}
