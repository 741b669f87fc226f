import Provisioning

/// "Add user": names, user name and domain, location, directory roles (only for a role that
/// may grant them) and licenses with the seats available; then the confirmation with the
/// temporary password once and "Add another user", which keeps the licenses chosen.
public enum AddUserPage {
    /// The form (empty, or as submitted with its problems).
    /// - Parameter seats: the customer's seats, for the licenses' available counts.
    public static func render(_ form: AddUserForm, customer: Customer, products: [Product], seats: [SeatUsage],
                              context: PageContext, deletedCount: Int) -> String {
        // Roles are numbered checkboxes: a role's problem links to the first.
        var body = "<h1>Add user</h1>\n" + FormHTML.errorSummary(form.problems) { $0 == "role" ? "role-0" : HTML.id($0) }
        func error(_ field: String) -> String? { form.problems.first { $0.field == field }?.message }
        var fields = "<fieldset><legend>Name</legend>"
            + FormHTML.text("firstName", label: "First name", value: form.firstName, error: error("firstName"),
                            autocomplete: "off", maxLength: 64)
            + FormHTML.text("lastName", label: "Last name", value: form.lastName, error: error("lastName"),
                            autocomplete: "off", maxLength: 64)
            + FormHTML.text("displayName", label: "Display name", value: form.displayName, required: true,
                            error: error("displayName"), autocomplete: "off", maxLength: 256) + "</fieldset>\n"
        fields += "<fieldset><legend>Sign-in</legend>"
            + FormHTML.text("userName", label: "User name", value: form.userName, required: true,
                            hint: "The part before the @: letters, digits and ' . - _ ! # ^ ~", error: error("userName"),
                            autocomplete: "off", maxLength: 64)
            + FormHTML.select("domain", label: "Domain", options: customer.domains.map { ($0, "@" + $0) }, selected: form.domain)
            + FormHTML.text("location", label: "Usage location", value: form.location,
                            hint: "A two-letter country code; empty means the customer's default, \(customer.defaultUsageLocation)",
                            error: error("location"), maxLength: 2) + "</fieldset>\n"
        if context.may(.grantRoles) {
            fields += "<fieldset><legend>Directory roles <span class=\"optional\">(optional)</span></legend>"
            for (index, role) in AddUserForm.offeredRoles.enumerated() {
                fields += FormHTML.choice(name: "role", value: role, label: role, checked: form.roles.contains(role), id: "role-\(index)")
            }
            fields += "</fieldset>\n"
        }
        fields += "<fieldset><legend>Licenses <span class=\"optional\">(optional)</span></legend><ul class=\"options\">"
        for (index, product) in products.sorted(by: { $0.displayName < $1.displayName }).enumerated() {
            guard let usage = seats.first(where: { $0.partNumber == product.partNumber }), usage.purchased > 0 else { continue }
            fields += "<li>" + FormHTML.choice(name: "license", value: product.partNumber,
                                               label: "\(product.displayName) — \(HTML.count(usage.available)) available",
                                               checked: form.licenses.contains(product.partNumber), id: "license-\(index)")
                + (usage.available == 0 ? " " + HTML.link("Buy more", href: PortalPaths.seats(customer.id)) : "") + "</li>"
        }
        fields += "</ul></fieldset>\n<div class=\"actions\">" + FormHTML.button("Add user")
            + HTML.link("Cancel", href: PortalPaths.users(customer.id)) + "</div>\n"
        body += FormHTML.post(action: PortalPaths.addUser(customer.id), context: context, fields)
        return PageLayout.page(title: "Add user", context: context,
                               frame: PageLayout.CustomerFrame(customer: customer, tab: .addUser, deletedCount: deletedCount),
                               body: body)
    }

    /// The confirmation: the user was added; its temporary password once; "Add another user"
    /// (a link to the form with the same licenses ticked).
    /// - Parameters:
    ///   - reportHTML: the run's embedded report (licenses added, errors).
    ///   - sheetLink: where the `.eml` sheet is downloaded once.
    public static func confirmation(_ credential: IssuedCredential, licenses: [String], reportHTML: String,
                                    customer: Customer, context: PageContext, deletedCount: Int, sheetLink: String?) -> String {
        var body = "<h1>User added</h1>\n" + CredentialsPanel.render(credential, sheetLink: sheetLink)
        let again = PortalPaths.with(PortalPaths.addUser(customer.id), query: licenses.map { ("license", $0) })
        body += "<div class=\"actions\">" + HTML.link("Add another user", href: again, className: "button")
            + HTML.link("Back to users and licenses", href: PortalPaths.users(customer.id)) + "</div>\n"
        body += "<details><summary>What was done</summary>" + reportHTML + "</details>\n"
        return PageLayout.page(title: "User added", context: context,
                               frame: PageLayout.CustomerFrame(customer: customer, tab: .addUser, deletedCount: deletedCount),
                               body: body)
    }
}
