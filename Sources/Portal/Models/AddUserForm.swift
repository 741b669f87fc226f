import Provisioning

/// The "Add user" form: its values as submitted (to show them again with the problems), and
/// the one ``UserRequest`` it makes, as `provision users create` makes it.
///
/// Fields: `userName` and `domain` (one of the customer's), `firstName`, `lastName`,
/// `displayName`, `location` (ISO 3166-1 alpha-2; the customer's default when empty), `role`
/// (repeated; only for roles that may grant directory roles), `license` (repeated, part numbers).
public struct AddUserForm: Sendable, Hashable {
    /// The local part of the user name, as typed.
    public var userName = ""
    /// The domain chosen.
    public var domain = ""
    /// First name.
    public var firstName = ""
    /// Last name.
    public var lastName = ""
    /// Display name.
    public var displayName = ""
    /// Usage location as typed.
    public var location = ""
    /// Directory roles ticked.
    public var roles: [String] = []
    /// Products ticked, by part number.
    public var licenses: [String] = []
    /// Problems found, each tied to its field.
    public var problems: [FieldProblem] = []

    /// Directory roles the form offers (when the role may grant them).
    public static let offeredRoles = ["Global Administrator", "User Administrator", "Helpdesk Administrator",
                                      "Billing Administrator", "License Administrator"]

    /// The source location of the request, in reports and the journal.
    public static let source = SourceLocation(file: "portal: add user", line: 0)

    /// An empty form; `licenses` pre-ticked ("Add another user" keeps the licenses chosen).
    public init(licenses: [String] = []) { self.licenses = licenses }

    /// Reads a submitted form and checks what the form itself can (required fields, the
    /// domain, the location code); the planner checks the rest when it runs.
    public init(_ form: FormData, customer: Customer, products: [Product]) {
        userName = form.value("userName") ?? ""
        domain = (form.value("domain") ?? customer.domains.first ?? "").lowercased()
        firstName = form.value("firstName") ?? ""
        lastName = form.value("lastName") ?? ""
        displayName = form.value("displayName") ?? ""
        location = form.value("location") ?? ""
        roles = Self.offeredRoles.filter { form.all("role").contains($0) }
        let known = Set(products.map(\.partNumber))
        licenses = Array(Set(form.all("license").filter { known.contains($0) })).sorted()
        if userName.isEmpty {
            problems.append(FieldProblem(field: "userName", "Enter a user name (the part before the @)."))
        } else if userName.contains("@") {
            problems.append(FieldProblem(field: "userName", "Enter the user name without the @ and the domain; choose the domain below."))
        }
        if !customer.owns(domain: domain) {
            problems.append(FieldProblem(field: "domain", "Choose one of the customer's domains."))
        }
        if displayName.isEmpty { problems.append(FieldProblem(field: "displayName", "Enter a display name.")) }
        if !location.isEmpty {
            if let code = CountryCode.normalized(location) {
                location = code
            } else {
                problems.append(FieldProblem(field: "location", "Enter the location as a two-letter country code, such as TW or DE."))
            }
        }
    }

    /// The sign-in name the form makes.
    public var userPrincipalName: String { userName + "@" + domain }

    /// The request, as `users create` makes it.
    public var request: UserRequest {
        UserRequest(action: .create, userPrincipalName: userPrincipalName,
                    attributes: AttributePatch(displayName: displayName, firstName: firstName.isEmpty ? nil : firstName,
                                               lastName: lastName.isEmpty ? nil : lastName,
                                               usageLocation: location.isEmpty ? nil : location,
                                               roles: roles.isEmpty ? nil : roles),
                    addLicenses: licenses.map { LicenseRequest(product: $0) }, sources: [Self.source])
    }

    /// The planner's errors of a failed create, as problems of the form's fields.
    public mutating func addProblems(_ violations: [Violation]) {
        for violation in violations {
            let field: String? = switch violation.field {
            case "UserPrincipalName": "userName"
            case "DisplayName": "displayName"
            case "FirstName": "firstName"
            case "LastName": "lastName"
            case "UsageLocation": "location"
            case "Roles": "role"
            default: nil
            }
            problems.append(FieldProblem(field: field, violation.message + (violation.fix.map { ". " + $0 } ?? "")))
        }
    }
}
