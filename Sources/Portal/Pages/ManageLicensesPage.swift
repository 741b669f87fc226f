/// "Manage licenses" for a selection: per product, a tri-state box (filled: all selected users
/// have it; partial: some do; clear: none does) explained in words beside it, the seats
/// available, "Buy more" where none are left, the "Assigned" list, three radio choices (assign
/// to all, leave as it is, remove from all) and "View service plans". The form POSTs the
/// selection, the choices and the CSRF field; Save leads to "Licenses updated".
public enum ManageLicensesPage {
    /// The page's HTML.
    /// - Parameters:
    ///   - problems: what was wrong with a submission, shown above the form.
    ///   - deletedCount: for the "Deleted users (N)" tab.
    public static func render(_ model: ManageLicensesModel, context: PageContext, problems: [FieldProblem] = [],
                              deletedCount: Int) -> String {
        let id = model.customer.id
        let selectedCount = model.users.count
        var body = "<h1>Manage licenses</h1>\n"
        if let note = model.droppedNote { body += "<p class=\"notice warning\">\(HTML.e(note))</p>\n" }
        // A product's problem links to its first radio (the controls are numbered, not named).
        body += FormHTML.errorSummary(problems) { field in
            model.rows.firstIndex { ManageLicensesSubmission.choiceField($0.product.partNumber) == field }.map { "p\($0)-all" } ?? "main"
        }
        let back = PortalPaths.with(PortalPaths.users(id), query: model.users.map { (Selection.field, $0.objectID) })
        guard selectedCount > 0 else {
            body += "<p>No users are selected. " + HTML.link("Select users", href: PortalPaths.users(id)) + " first.</p>\n"
            return page(body, model: model, context: context, deletedCount: deletedCount)
        }
        body += "<p>For \(selectedCount == 1 ? "1 selected user" : "\(HTML.count(selectedCount)) selected users"): "
            + HTML.link("change the selection", href: back) + "</p>\n<ul class=\"chips\">"
            + model.users.map { "<li>\(HTML.e($0.userPrincipalName))</li>" }.joined() + "</ul>\n"
        var form = Selection.hiddenFields(model.users.map(\.objectID))
        if model.rows.isEmpty { form += "<p class=\"none\">The customer has no seats of any product.</p>\n" }
        for (index, row) in model.rows.enumerated() {
            form += product(row, index: index, selected: selectedCount, customerID: id, context: context)
        }
        form += "<div class=\"actions\">" + FormHTML.button("Save") + HTML.link("Cancel", href: back) + "</div>\n"
        body += FormHTML.post(action: PortalPaths.manageLicenses(id), context: context, className: "manage", form)
        return page(body, model: model, context: context, deletedCount: deletedCount)
    }

    private static func page(_ body: String, model: ManageLicensesModel, context: PageContext, deletedCount: Int) -> String {
        PageLayout.page(title: "Manage licenses", context: context,
                        frame: PageLayout.CustomerFrame(customer: model.customer, tab: .users, deletedCount: deletedCount),
                        body: body)
    }

    private static func product(_ row: ManageLicensesModel.ProductRow, index: Int, selected: Int, customerID: String,
                                context: PageContext) -> String {
        let part = row.product.partNumber
        let stateID = "p\(index)-state"
        var html = "<fieldset class=\"product\"><legend>\(HTML.e(row.product.displayName)) <code>\(HTML.e(part))</code></legend>"
        html += "<div class=\"product-head\"><span id=\"\(stateID)\"><span class=\"tri \(row.state.rawValue)\" aria-hidden=\"true\"></span>"
            + HTML.e(row.state.words(holders: row.holders.count, selected: selected)) + "</span>"
            + "<span>Available: \(HTML.count(row.seats.available)) of \(HTML.count(row.seats.purchased))</span>"
        if row.seats.available == 0 {
            html += HTML.link("Buy more", href: PortalPaths.seats(customerID), className: "buy")
        }
        html += "</div>"
        let checked: ManageLicensesSubmission.Choice = switch row.state {
        case .all: .all
        case .some: .keep
        case .none: .none
        }
        let field = ManageLicensesSubmission.choiceField(part)
        let choices: [(ManageLicensesSubmission.Choice, String, Bool)] = [
            (.all, "Assign to all selected users", context.may(.assignLicenses)),
            (.keep, row.state == .some ? "Leave as it is (some have it)" : "Leave as it is", true),
            (.none, "Remove from all selected users", context.may(.revokeLicenses)),
        ]
        html += "<div class=\"choices\">"
        for (choice, label, allowed) in choices {
            html += FormHTML.choice("radio", name: field, value: choice.rawValue, label: label, checked: choice == checked,
                                    disabled: !allowed, id: "p\(index)-\(choice.rawValue)", describedBy: stateID)
        }
        html += "</div>"
        if !row.holders.isEmpty {
            html += "<details><summary>Assigned (\(HTML.count(row.holders.count)))</summary><ul>"
                + row.holders.map { "<li>\(HTML.e($0.userPrincipalName))</li>" }.joined() + "</ul></details>"
        }
        if !row.product.servicePlans.isEmpty {
            let disabled = Set(row.commonDisabledPlans)
            html += "<details><summary>View service plans</summary>"
                + "<p class=\"hint\" id=\"p\(index)-plans-hint\">Ticked plans are enabled. Untick a plan to disable it for every "
                + "selected user when you choose “Assign to all selected users”.</p>"
                + FormHTML.hidden(ManageLicensesSubmission.plansMarker(part), "1") + "<ul class=\"options\">"
            for (planIndex, plan) in row.product.servicePlans.enumerated() {
                let label = plan.friendlyName == plan.name ? plan.name : "\(plan.friendlyName) (\(plan.name))"
                html += "<li>" + FormHTML.choice(name: ManageLicensesSubmission.planField(part), value: plan.name, label: label,
                                                 checked: !disabled.contains(plan.name), id: "p\(index)-plan\(planIndex)",
                                                 describedBy: "p\(index)-plans-hint") + "</li>"
            }
            html += "</ul></details>"
        }
        return html + "</fieldset>\n"
    }
}
