import Provisioning

extension JobError: ExitCodeCarrying {
    /// A stale plan exits 3 (like a busy lock); an unknown customer or a weaker role is an
    /// input error (2).
    public var exitCode: ExitCode {
        switch self {
        case .stalePlan: return .staleOrLocked
        case .unknownCustomer, .noCustomer, .weakerRole: return .usageOrInput
        }
    }
}

extension LockBusy: ExitCodeCarrying {
    /// Another job holds the lock: exit 3.
    public var exitCode: ExitCode { .staleOrLocked }
}
