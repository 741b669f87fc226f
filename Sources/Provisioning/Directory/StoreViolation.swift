/// The refusals a store gives inside its transaction (what only the store can know), worded
/// once so that every backend refuses with the same code, message, fix and field.
public enum StoreViolation {
    /// `CountViolation`: a set would take more seats of a product than were bought.
    public static func notEnoughSeats(product: String, name: String, purchased: Int, assigned: Int, adding: Int) -> Violation {
        let missing = assigned + adding - purchased
        return Violation(.countViolation, "not enough seats of \(name) (\(product)): \(purchased) purchased, \(assigned) assigned",
                         fix: "buy \(missing) more seat\(missing == 1 ? "" : "s") of \(name)")
    }

    /// `CountViolation`: a reduction of the seats bought below those active users hold.
    public static func seatReduction(product: String, name: String, customerID: String, from before: Int, to seats: Int,
                                     assigned: Int) -> Violation {
        let users = assigned == 1 ? "1 user holds it" : "\(assigned) users hold it"
        let extra = assigned - seats
        return Violation(.countViolation, "cannot reduce \(name) (\(product)) of \(customerID) from \(before) to "
                            + "\(seats) seat\(seats == 1 ? "" : "s"): \(users)",
                         fix: "revoke it from \(extra) user\(extra == 1 ? "" : "s") first", field: CustomerRules.Field.seats)
    }

    /// `UniquenessViolation`: a domain another customer owns.
    public static func domainTaken(_ domain: String, owner: String) -> Violation {
        Violation(.uniquenessViolation, "domain '\(domain)' is already a verified domain of customer \(owner)",
                  fix: "a domain belongs to one customer; remove it from \(owner) first", field: CustomerRules.Field.domains)
    }

    /// `NotFound`: a domain to remove that the customer does not have.
    public static func notADomain(_ domain: String, of customer: Customer) -> Violation {
        Violation(.notFound, "'\(domain)' is not a verified domain of customer \(customer.id)",
                  fix: "its domains are: \(customer.domains.joined(separator: ", "))", field: CustomerRules.Field.domains)
    }

    /// `DependencyViolation`: a domain to remove that active users still sign in with.
    public static func domainInUse(_ domain: String, customerID: String, users: Int) -> Violation {
        Violation(.dependencyViolation,
                  "domain '\(domain)' of customer \(customerID) is still the sign-in domain of \(users) "
                      + "active user\(users == 1 ? "" : "s")",
                  fix: "give \(users == 1 ? "that user" : "those users") a user name on another domain, "
                      + "or delete \(users == 1 ? "it" : "them"), first",
                  field: CustomerRules.Field.domains)
    }

    /// `InvalidInput`: removing every domain a customer has.
    public static func lastDomains(_ removed: [String], customerID: String) -> Violation {
        Violation(.invalidInput, "customer \(customerID) needs at least one verified domain; "
                      + "'\(removed.joined(separator: "', '"))' \(removed.count == 1 ? "is its only one" : "are all it has")",
                  fix: "add the new domain before removing the old one", field: CustomerRules.Field.domains)
    }
}

extension AuditDetail {
    /// The detail of a `create` entry: the user's display name, location, roles, licenses and
    /// disabled plans, and that a password was issued.
    public static func created(_ user: User, licenses: [LicenseAssignment]) -> AuditDetail {
        var detail = AuditDetail()
        detail.add("displayName", user.attributes.displayName)
        detail.add("usageLocation", user.attributes.usageLocation)
        if !user.roles.isEmpty { detail.add("roles", user.roles) }
        detail.add("licenses", licenses.map(\.partNumber))
        let disabled = licenses.flatMap { license in license.disabledPlans.map { "\(license.partNumber):\($0)" } }
        if !disabled.isEmpty { detail.add("disabledPlans", disabled) }
        detail.add("passwordIssued", true)
        return detail
    }

    /// The detail of an `update` entry: every attribute as set, and the roles.
    public static func updated(_ attributes: UserAttributes, roles: [String]) -> AuditDetail {
        var detail = AuditDetail()
        detail.add(attributes)
        detail.add("roles", roles)
        return detail
    }

    /// Adds every attribute as set: display name, first and last name, job title, department,
    /// usage location, account enabled.
    public mutating func add(_ attributes: UserAttributes) {
        self.add("displayName", attributes.displayName)
        self.add("firstName", attributes.firstName)
        self.add("lastName", attributes.lastName)
        self.add("jobTitle", attributes.jobTitle)
        self.add("department", attributes.department)
        self.add("usageLocation", attributes.usageLocation)
        self.add("accountEnabled", attributes.accountEnabled)
    }

    /// The detail of a `seats-set` entry of an admin change.
    public static func seatsSet(_ change: SeatChange) -> AuditDetail {
        var detail = AuditDetail()
        detail.add("product", change.partNumber)
        detail.add("seats", change.after)
        detail.add("previousSeats", change.before)
        detail.add("assigned", change.assigned)
        if change.overAssigned > 0 { detail.add("overAssigned", change.overAssigned) }
        return detail
    }
}
