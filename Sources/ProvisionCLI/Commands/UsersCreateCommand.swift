import Foundation
import Provisioning

/// `provision users create UPN`: one new user with a temporary password.
enum UsersCreateCommand: Command {
    static let path = ["users", "create"]
    static let summary = "Create a user with licenses and a temporary password"
    static let discussion = """
    The temporary password comes from the system CSPRNG. It is shown once here, or written only
    to --credentials FILE (mode 0600); it never appears anywhere else. --role gives the user a
    Microsoft Entra built-in directory role, by its name (e.g. "Global Administrator").
    --location takes a two-letter code or a country name (TW, Taiwan, 台灣, DE, Deutschland).
    """
    static let arguments = [ArgumentDeclaration("UPN", help: "the new user's user principal name")]
    static let options = JobRunner.options.requiring("customer") + [
        .value("display-name", "NAME", help: "the display name (needed: without it the user fails InvalidInput)"),
        .value("first-name", "F", help: "the first name"),
        .value("last-name", "L", help: "the last name"),
        .value("job-title", "T", help: "the job title"),
        .value("department", "D", help: "the department"),
        .value("location", "XX", help: "the usage location (an ISO code or a country name); needed for licenses"),
        .repeatable("role", "ROLE", help: "a Microsoft Entra built-in role, by name"),
        .value("licenses", "SKU,...", help: "the products to assign (part number, GUID or display name)"),
        .repeatable("disable-plan", "SKU:PLAN", help: "a service plan to disable in a product of --licenses"),
        .flag("blocked", help: "create the account blocked from signing in"),
        JobRunner.dryRun,
    ]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let arguments = context.arguments
        let roles = try Self.roles(arguments.all("role"))
        let request = UserRequest(action: .create, userPrincipalName: arguments.positionals[0],
                                  attributes: AttributePatch(displayName: arguments.value("display-name"),
                                                             firstName: arguments.value("first-name"),
                                                             lastName: arguments.value("last-name"),
                                                             jobTitle: arguments.value("job-title"),
                                                             department: arguments.value("department"),
                                                             usageLocation: try arguments.value("location").map {
                                                                 try LocationArgument.code($0, option: "--location")
                                                             },
                                                             accountEnabled: arguments.flag("blocked") ? false : nil,
                                                             roles: roles.isEmpty ? nil : roles),
                                  addLicenses: try DirectJob.licenses(arguments), sources: DirectJob.source("users create"))
        return try DirectJob(context: context).run([request], command: "users create")
    }

    /// The `--role` values as Microsoft Entra's built-in role names; an unknown one is a usage
    /// error naming it, with the closest names.
    static func roles(_ values: [String]) throws -> [String] {
        let resolved = DirectoryRole.resolve(values, field: "--role")
        if let unknown = resolved.violations.first {
            throw CLIError.usage("--role: " + unknown.message + (unknown.fix.map { " (\($0))" } ?? ""))
        }
        return resolved.names
    }
}
