import Provisioning

/// A run that could not happen, in the portal's words (the command line has its own): what
/// is wrong and what to do, with no command-line flag in it.
public enum PortalMessages {
    /// The message for `error` thrown by ``PortalJob/run(_:customerID:command:directory:settings:preview:)``
    /// or a Commit.
    public static func describe(_ error: Error) -> String {
        switch error {
        case let error as JobError:
            switch error {
            case .stalePlan:
                return "The directory changed since this preview was made, so it was not applied. Re-run the preview."
            case .planAlreadyApplied:
                return "This preview was already committed. Upload the file again to make a new one."
            case let .weakerRole(planned, _):
                return "This preview was made as \(planned.rawValue); your role may do less, so it cannot be committed."
            case let .unknownCustomer(id, _):
                return "No customer has the id '\(id)'."
            case .noCustomer:
                return "The file's rows name no customer."
            case .exactWithoutLicensesColumn:
                return "The file has no Licenses column, so it cannot be the full set of licenses to hold."
            }
        case is LockBusy:
            return "Another job is changing this customer right now. Try again in a moment."
        case let error as PortalError:
            return error.description
        default:
            return "The change could not be made: \(error)"
        }
    }
}
