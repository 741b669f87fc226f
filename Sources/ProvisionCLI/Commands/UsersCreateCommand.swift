import Foundation
import Provisioning

/// `provision users create UPN`: one new user with a temporary password.
enum UsersCreateCommand: Command {
    static let path = ["users", "create"]
    static let summary = "Create a user with licenses and a temporary password"
    static let usage = """
    usage: provision users create UPN --customer ID --display-name NAME [--first-name F] [--last-name L]
                                 [--job-title T] [--department D] [--location XX] [--role ROLE]...
                                 [--licenses SKU,...] [--disable-plan SKU:PLAN]... [--blocked]
                                 [--credentials FILE [--mail-to ADDRESS]] [--dry-run]

    The temporary password comes from the system CSPRNG. It is shown once here, or written only
    to --credentials FILE (mode 0600); it never appears anywhere else. --role gives the user a
    Microsoft Entra built-in directory role, by its name (e.g. "Global Administrator").
    --location takes a two-letter code or a country name (TW, Taiwan, 台灣, DE, Deutschland).
    """
    static let options = OptionSpec(values: JobRunner.values.union(["display-name", "first-name", "last-name", "job-title",
                                                                    "department", "location", "licenses"]),
                                    repeatable: JobRunner.repeatable.union(["role", "disable-plan"]),
                                    flags: ["dry-run", "blocked"], positionals: (1, 1))

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
