import Provisioning
import Reports

/// `provision subscriptions set --customer ID --product SKU --seats N [--force]`.
enum SubscriptionsSetCommand: Command {
    static let path = ["subscriptions", "set"]
    static let summary = "Record seats bought of a product (a purchase, or a reduction)"
    static let discussion = """
    Sets the seats purchased of a product to N (0 or more): more is a purchase, fewer a
    reduction. --product names it as input files do: part number, GUID or display name,
    case-insensitive. A reduction below the seats assigned is refused, saying how many users
    hold it, unless --force, which leaves the customer over-assigned ('licenses show' and every
    report's seat table say by how many). Audit-logged; saved plans of the customer become stale.
    """
    static let options: [OptionDeclaration] = [
        StoreLocator.customerOption.required(),
        .value("product", "SKU", help: "the product: part number, GUID or display name").required(),
        .value("seats", "N", help: "the seats purchased, 0 or more").required(),
        .flag("force", help: "allow a reduction below the seats assigned (the customer is then over-assigned)"),
        TextOrJSON.option,
    ]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let output = try AdminOutput(context)
        let actor = try output.actor(.manageSubscriptions)
        let arguments = context.arguments
        guard let productText = arguments.value("product") else { throw CLIError.usage("subscriptions set: --product SKU is required") }
        guard let seatsText = arguments.value("seats") else { throw CLIError.usage("subscriptions set: --seats N is required") }
        guard let seats = Int(seatsText), seats >= 0 else {
            throw CLIError.usage("--seats '\(seatsText)': give a whole number of seats from 0")
        }
        let force = arguments.flag("force")
        let store = try StoreLocator.open(context)
        let customer = try StoreLocator.customer(context, in: store)
        let partNumber = try ProductArgument.partNumber(productText, option: "--product", directory: store)
        let change: SeatChange
        do {
            guard let first = try AdminPolicy.setSeats([Subscription(customerID: customer.id, partNumber: partNumber, seats: seats)],
                                                       force: force, by: actor, in: store).first else { return .success }
            change = first
        } catch let refusal as AdminBatchRefusal {
            var violation = refusal.violation
            if violation.code == .countViolation, let fix = violation.fix {
                let assigned = try store.seatUsage(customerID: customer.id).first { $0.partNumber == partNumber }?.assigned ?? seats
                violation.fix = fix + ", or pass --force to leave \(customer.id) over-assigned by \(assigned - seats)"
            }
            throw AdminOutput.refusal(violation, command: "subscriptions set",
                                      options: [CustomerRules.Field.seats: "--seats", CustomerRules.Field.product: "--product"])
        }
        output.write(text: describe(change), json: json(change))
        return .success
    }

    /// One line (two when over-assigned) saying what changed.
    static func describe(_ change: SeatChange) -> String {
        let verb = change.after > change.before ? "bought \(change.after - change.before) more"
            : change.after < change.before ? "reduced by \(change.before - change.after)" : "unchanged"
        var text = "\(change.customerID): \(change.partNumber) seats \(change.before) → \(change.after) (\(verb)); "
            + "\(change.assigned) assigned, \(max(0, change.after - change.assigned)) available\n"
        if change.overAssigned > 0 {
            text += "\(change.customerID) is over-assigned by \(change.overAssigned) of \(change.partNumber): revoke it from "
                + "\(change.overAssigned) user\(change.overAssigned == 1 ? "" : "s") or buy \(change.overAssigned) more\n"
        }
        return text
    }

    /// The change as JSON.
    static func json(_ change: SeatChange) -> JSONValue {
        .object([("customer", .string(change.customerID)), ("partNumber", .string(change.partNumber)),
                 ("before", .int(change.before)), ("purchased", .int(change.after)), ("assigned", .int(change.assigned)),
                 ("available", .int(max(0, change.after - change.assigned))), ("overAssigned", .int(change.overAssigned))])
    }
}
