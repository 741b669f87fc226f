import Foundation
import Provisioning

/// `provision users reset-password|delete|restore UPN...`: the lifecycle actions on named
/// users, through the planner (permissions, restore window, seats) and the journaled executor.
enum UsersLifecycle {
    static func run(_ action: RequestAction, _ context: CommandContext) throws -> ExitCode {
        let command = "users \(action == .resetPassword ? "reset-password" : action.rawValue)"
        let newName = context.arguments.value("new-upn")
        if newName != nil && context.arguments.positionals.count != 1 {
            throw CLIError.usage("\(command): --new-upn restores exactly one user")
        }
        let requests = context.arguments.positionals.map { upn in
            UserRequest(action: action, userPrincipalName: upn, newUserPrincipalName: newName,
                        sources: DirectJob.source(command))
        }
        return try DirectJob(context: context).run(requests, command: command)
    }

    /// What the lifecycle commands take: the users, and the job options for one customer.
    static let arguments = [ArgumentDeclaration("UPN", help: "the users, by user principal name", repeats: true)]
    static let options = JobRunner.options.requiring("customer") + [JobRunner.dryRun]
}

/// `provision users reset-password UPN...`.
enum UsersResetPasswordCommand: Command {
    static let path = ["users", "reset-password"]
    static let summary = "Issue new temporary passwords (change at next sign-in)"
    static let arguments = UsersLifecycle.arguments
    static let options = UsersLifecycle.options
    static func run(_ context: CommandContext) throws -> ExitCode { try UsersLifecycle.run(.resetPassword, context) }
}

/// `provision users delete UPN...`.
enum UsersDeleteCommand: Command {
    static let path = ["users", "delete"]
    static let summary = "Delete users (restorable for 30 days; their seats are released)"
    static let arguments = UsersLifecycle.arguments
    static let options = UsersLifecycle.options
    static func run(_ context: CommandContext) throws -> ExitCode { try UsersLifecycle.run(.delete, context) }
}

/// `provision users restore UPN... [--new-upn NAME]`.
enum UsersRestoreCommand: Command {
    static let path = ["users", "restore"]
    static let summary = "Restore deleted users with the licenses that still have seats"
    static let discussion = """
    Within 30 days of deletion. Licenses come back for products with free seats; each one that
    cannot is reported with the seats to buy. --new-upn restores one user under another name
    when its old name has been taken since.
    """
    static let arguments = UsersLifecycle.arguments
    static let options = UsersLifecycle.options
        + [.value("new-upn", "NAME", help: "restore one user under this name (its old one is taken)")]
    static func run(_ context: CommandContext) throws -> ExitCode { try UsersLifecycle.run(.restore, context) }
}
