/// The Audit page: the customer's recent changes, newest first, with a GET form filtering by
/// operator and batch, and First/Previous/Next/Last as real links (nothing to carry).
public enum AuditPage {
    /// The page's HTML.
    public static func render(_ model: AuditPageModel, frame: PageLayout.CustomerFrame, context: PageContext) -> String {
        let path = PortalPaths.audit(frame.customer.id)
        var body = "<h1>Audit</h1>\n"
        body += FormHTML.get(action: path, className: "filters",
                             FormHTML.text("operator", label: "Operator", value: model.operatorName)
                             + FormHTML.text("batch", label: "Batch", value: model.batchID)
                             + "<div class=\"actions\">" + FormHTML.button("Filter") + "</div>\n")
        if model.rows.isEmpty {
            body += "<p class=\"none\">No changes match.</p>\n"
        } else {
            body += "<table>\n<caption class=\"visually-hidden\">Audit log, newest first</caption>\n<thead><tr>"
                + ["When", "Batch", "Operator", "Role", "Action", "User", "Details"].map { "<th scope=\"col\">\($0)</th>" }.joined()
                + "</tr></thead>\n<tbody>\n"
            for row in model.rows {
                let batch = HTML.link(row.batchID, href: PortalPaths.with(path, query: [("batch", row.batchID)]))
                let who = HTML.link(row.operatorName, href: PortalPaths.with(path, query: [("operator", row.operatorName)]))
                body += "<tr><td>\(HTML.e(row.at))</td><td><code>\(batch)</code></td><td>\(who)</td><td>\(HTML.e(row.role))</td>"
                    + "<td>\(HTML.e(row.action))</td><td>\(HTML.e(row.userPrincipalName ?? ""))</td>"
                    + "<td><code>\(HTML.e(row.detail))</code></td></tr>\n"
            }
            body += "</tbody>\n</table>\n"
        }
        let filters = [("operator", model.operatorName ?? ""), ("batch", model.batchID ?? "")]
        var pager = "<nav class=\"pager\" aria-label=\"Pages\"><span>\(HTML.e(model.paging.summary(noun: "changes")))</span>"
        for (text, target) in [("First", model.paging.first), ("Previous", model.paging.previous),
                               ("Next", model.paging.next), ("Last", model.paging.last)] {
            pager += target.map { HTML.link(text, href: PortalPaths.with(path, query: filters + [("page", String($0))])) }
                ?? "<span class=\"disabled\">\(text)</span>"
        }
        body += pager + "</nav>\n"
        return PageLayout.page(title: "Audit", context: context, frame: frame, body: body)
    }
}
