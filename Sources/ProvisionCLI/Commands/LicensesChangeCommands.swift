import Foundation
import Provisioning

/// `provision licenses assign|revoke --product SKU (--users … | --users-file … | --filter …)`:
/// the portal's selection-based bulk license change, for any number of users.
enum LicensesChange {
    /// What `assign` and `revoke` both take; `assign` adds `--disable-plan`.
    static let options = JobRunner.options.requiring("customer")
        + [.value("product", "SKU", help: "the product: part number, GUID or display name").required()]
        + UserSelection.options + [JobRunner.allOrNothing, JobRunner.dryRun]

    static func run(assign: Bool, _ context: CommandContext) throws -> ExitCode {
        guard let productText = context.arguments.value("product") else { throw CLIError.usage("--product SKU is required") }
        let job = DirectJob(context: context)
        let customer = try job.customer()
        let directory = try StoreLocator.open(context)
        // An unknown product is one usage error up front, not one failure per selected user.
        let product = try ProductArgument.partNumber(productText, option: "--product", directory: directory)
        let names = try UserSelection.userPrincipalNames(context, directory: directory, customerID: customer)
        if names.isEmpty { throw CLIError.input("the selection holds no users") }
        let command = assign ? "licenses assign" : "licenses revoke"
        let license = LicenseRequest(product: product, disabledPlans: context.arguments.all("disable-plan"))
        let requests = names.map { name in
            UserRequest(action: .update, userPrincipalName: name, addLicenses: assign ? [license] : [],
                        removeLicenses: assign ? [] : [product], sources: DirectJob.source(command))
        }
        return try job.run(requests, command: command)
    }
}

/// `provision licenses assign`.
enum LicensesAssignCommand: Command {
    static let path = ["licenses", "assign"]
    static let summary = "Assign a product (with disabled plans) to selected users"
    static let discussion = "Select the users with exactly one of --users, --users-file or --filter."
    static let options = LicensesChange.options
        + [.repeatable("disable-plan", "PLAN", help: "a service plan of the product to leave disabled")]
    static func run(_ context: CommandContext) throws -> ExitCode { try LicensesChange.run(assign: true, context) }
}

/// `provision licenses revoke`.
enum LicensesRevokeCommand: Command {
    static let path = ["licenses", "revoke"]
    static let summary = "Revoke a product from selected users"
    static let discussion = "Select the users with exactly one of --users, --users-file or --filter."
    static let options = LicensesChange.options
    static func run(_ context: CommandContext) throws -> ExitCode { try LicensesChange.run(assign: false, context) }
}
